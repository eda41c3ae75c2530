"""Tables without vertical rules, found from the alignment of their text.

Many grantees format their tables in Word with no vertical rules: a rule
under the header row and one under the last row ("rules"), or none at all.
pdfplumber's line-based table finding (``pdf_page.TABLE_SETTINGS``) sees no
cells there, so this module looks at the text that no ruled table covers.

Columns
-------
The page's characters are grouped into visual lines and words.  A sweep
down the lines follows the vertical "gutters": strips of white space at
least ``MIN_GUTTER`` wide that the words of consecutive lines do not cross
(a line with an empty cell leaves the whole strip free, so the gutter goes
on through it).  A gutter that lives ``MIN_GUTTER_LINES`` lines or more is
a column boundary candidate; justified prose, whose word spaces never line
up for long, leaves none.  Gutters at the same place whose lives are cut by
a few lines that cross them (a merged cell or a header word over two
columns) are one boundary.  A zone is a run of lines held together by such
boundaries.

A zone is a table only if it looks tabular: ``MIN_COLUMNS`` columns or
more with text on ``MIN_TABLE_LINES`` lines that use two columns or more,
not every column a column of prose, and not a list whose first column is
nothing but list markers.  A two-column zone (a "label: value" block, two
columns of text, a list with a hanging indent) is a table only when two
horizontal rules as wide as the zone frame it.  Lines with tabs in prose
stay prose.

Rows, cells and the grid are made by ``extract.pdf_borderless_grid``; the
result is the same ``PTable`` the ruled path makes (``borderless`` set), so
cell text, page stitching, nesting and links work unchanged.

The work is a sort of the characters and a few passes over the lines, so it
is about linear in the number of characters.
"""

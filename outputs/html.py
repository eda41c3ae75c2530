"""Small HTML pieces of the summary page: escaped text, tables, figures,
and the links to the source files."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from urllib.parse import quote

from esep.outputs import i18n

ARCHIVE_MEMBER = "!/"


def esc(value) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


def table(header: list[str], rows: list[list[str]], *, numeric: set[int] = frozenset(), css: str = "") -> str:
    """A table of cells that are already HTML; ``numeric`` columns align right."""
    def cells(tag: str, row: list[str]) -> str:
        return "".join(f'<{tag}{" class=num" if i in numeric else ""}>{c}</{tag}>' for i, c in enumerate(row))

    body = "".join(f"<tr>{cells('td', r)}</tr>" for r in rows)
    klass = f' class="{css}"' if css else ""
    return f"<table{klass}><thead><tr>{cells('th', header)}</tr></thead><tbody>{body}</tbody></table>"


def figure(lang: str, ident: str, title: str, counts: str, svg: str, numbers: str) -> str:
    """A chart with its title, what it counts, and its figures as a table."""
    return (f'<figure id="{ident}" class="chart-figure"><figcaption><h3>{esc(title)}</h3>'
            f'<p class="counts"><b>{esc(i18n.text(lang, "counts"))}</b> {esc(counts)}</p></figcaption>'
            f'{svg}<details><summary>{esc(i18n.text(lang, "table_of_figure"))}</summary>{numbers}</details></figure>')


def empty_figure(lang: str, ident: str, title: str, counts: str) -> str:
    return (f'<figure id="{ident}" class="chart-figure empty"><figcaption><h3>{esc(title)}</h3>'
            f'<p class="counts"><b>{esc(i18n.text(lang, "counts"))}</b> {esc(counts)}</p></figcaption>'
            f'<p class="none">{esc(i18n.text(lang, "no_data"))}</p></figure>')


@dataclass
class Linker:
    """Links from the page to the source files.

    ``root``: the folder the dataset was ingested from (None: unknown, the
    file names are then taken relative to the page); ``page_dir``: where
    the page is written.  Links are relative to the page, so the page and
    the reports' folder can move together."""

    root: str | None
    page_dir: str

    def href(self, source_file: str, page: int | None = None) -> str:
        # a member of a ZIP archive cannot be opened by a link: the archive can
        name = source_file.split(ARCHIVE_MEMBER, 1)[0]
        target = os.path.join(self.root, name) if self.root else name
        rel = os.path.relpath(os.path.abspath(target), os.path.abspath(self.page_dir)) if self.root else name
        url = quote(rel.replace(os.sep, "/"), safe="/")
        return url + (f"#page={page}" if page else "")

    def file(self, source_file: str) -> str:
        return f'<a class="src" href="{esc(self.href(source_file))}">{esc(source_file)}</a>'

    def page(self, lang: str, source_file: str, page: int | None) -> str:
        """A link to the page of the file (a PDF viewer opens it there), or to the file."""
        if page:
            return f'<a href="{esc(self.href(source_file, page))}">{esc(i18n.text(lang, "page", n=page))}</a>'
        return f'<a href="{esc(self.href(source_file))}">{esc(i18n.text(lang, "open_file"))}</a>'


STYLE = """
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --soft:#f6f8fa; --accent:#0072B2; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 8px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 2px; }
.meta, .counts, .note { color: var(--muted); font-size: 13px; margin: 2px 0 8px; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; padding: 0; list-style: none; margin: 16px 0; }
.kpis li { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.kpis b { display: block; font-size: 22px; }
nav a { margin-right: 14px; }
figure { margin: 18px 0 26px; } svg.chart { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; margin: 6px 0 16px; font-size: 13px; }
table.reports, table.plan, table.under, table.findings, table.failed { width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: var(--accent); font-size: 13px; }
a { color: var(--accent); } a.src, table.findings td { overflow-wrap: anywhere; } td.num { white-space: nowrap; }
.sev-error { color: #b03a00; font-weight: bold; } .sev-warning { color: #8a5a00; } .sev-info { color: var(--muted); }
.report-findings details { margin: 6px 0; } .report-findings summary { color: var(--ink); font-size: 14px; }
.none { color: var(--muted); } code { white-space: nowrap; overflow-wrap: normal; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
"""

#: No request of any kind: no script, no font, no image from outside the page.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

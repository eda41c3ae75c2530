"""PDF: pages (characters, ruled and borderless tables, links) -> one document, tables stitched across pages."""

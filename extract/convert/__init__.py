"""External programs: LibreOffice for DOC/RTF/ODT, run sandboxed; OLE2 checks before conversion."""

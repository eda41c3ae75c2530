"""DOCX: the WordprocessingML package, read safely, walked into one document (merged cells once)."""

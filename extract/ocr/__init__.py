"""Scans: pages triaged, rasterised, deskewed and read by Tesseract into the same document model."""

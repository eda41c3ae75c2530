"""A corpus of hostile input files (``build_corpus``) for tests/test_hostile.py."""

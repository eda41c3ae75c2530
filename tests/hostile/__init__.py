"""A corpus of hostile input files (``build_corpus``) for tests/guard/test_hostile.py."""

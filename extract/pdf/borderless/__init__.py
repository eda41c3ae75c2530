"""Tables without vertical rules, found from the alignment of their text (see find.py)."""

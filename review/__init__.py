"""review: reading a finished dataset back for people (``esep check``)."""

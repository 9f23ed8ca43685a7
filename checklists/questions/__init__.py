"""Question types: what kinds of answer an item takes. See `base` and `registry`."""

"""Woorden en beelden: a child's explanation in panels and pictures, shared with the family."""

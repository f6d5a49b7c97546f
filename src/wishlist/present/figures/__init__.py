"""Figures: one style (style.py) and one module per figure family."""

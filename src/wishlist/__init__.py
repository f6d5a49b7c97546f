"""Reproducible re-analysis of CSET's "China's Foreign Technology Wish List" (2021).

Foundation modules (import nothing of ours): errors, codebook, proportions,
numbers, figures, render. Stage modules build on them: records, coding,
sampling, estimates, survival, tables, manuscript.
"""

__version__ = "0.1.0"

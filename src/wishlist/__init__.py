"""Reproducible re-analysis of CSET's "China's Foreign Technology Wish List" (2021).

Layers (imports point down only):
- base: errors, files, checksums, preflight
- foundation: codebook, proportions, numbers, figures, tables, render
- stages: records (ingest), coding, reliability, suggestions, sampling,
  descriptives, estimates, paper_figures, survival and timeline (time to partnership),
  claims (audit of the brief), manuscript (appendix tables, paper map)
- reconstruction, reconstructed_sheets: the generator of the default data
  (run by scripts/, not by the workflow)
"""

__version__ = "0.1.0"

"""The brief's vocabularies and the readers of its inputs: codebook, records, sheets, reference files, rounding, dates.

Imports only wishlist.core."""

"""Core I/O at the bottom of the package: errors, atomic files, checksums, preflight checks, numbers fragments, seeds.

Imports nothing from the layers above (brief, stats, stages, present)."""

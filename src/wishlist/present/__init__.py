"""Presentation: figure style and families, tables, sentence formats, numbers for the paper, appendix, render.

The top layer: may import every layer below it, and nothing imports it but the workflow scripts."""

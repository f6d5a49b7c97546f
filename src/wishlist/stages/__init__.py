"""One module per workflow rule (rule X -> workflow/scripts/X.py -> wishlist.stages.X).

Each reads its inputs, calls the estimators and writes CSV, YAML and numbers; never draws and never writes prose."""

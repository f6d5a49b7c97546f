"""One error type for bad study input, so every stage reports it the same way."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path


class StudyInputError(ValueError):
    """Bad input: names the file, the row or record, and the field at fault.

    Scripts catch it at the top, print the message and exit non-zero, so a
    user sees *where* to fix the data instead of a traceback.
    """

    def __init__(self, file, problem: str, *, row=None, record=None, field=None):
        self.file, self.problem = str(file), problem
        self.row, self.record, self.field = row, record, field
        where = [self.file]
        if row is not None:
            where.append(f"line {row}")
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        super().__init__(f"{', '.join(where)}: {problem}")


def run_rule(main, smk) -> None:
    """Run a rule's body with everything it says on stderr going to the rule's log.

    Warnings, tracebacks and the output of tools it starts (pandoc, typst) land in
    ``log:``; the terminal gets one line: the error, and where the log is. Bad input
    (StudyInputError) names file, row and field; anything else is a bug, reported as
    such. Either way the exit status is 1, and as outputs are written atomically and
    Snakemake removes the outputs of failed jobs, nothing partial is left.
    """

    log = Path(smk.log[0])
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    terminal = os.fdopen(os.dup(2), "w", encoding="utf-8")
    with open(log, "w", encoding="utf-8", buffering=1) as handle:
        os.dup2(handle.fileno(), 2)
        sys.stderr = handle
        try:
            main(smk)
        except StudyInputError as exc:
            message = f"error: {exc}"
            print(message, file=handle)
            print(f"{message}\n(rule {smk.rule}; log: {log})", file=terminal, flush=True)
            sys.exit(1)
        except Exception as exc:  # a bug, not bad input: the traceback is for the log
            traceback.print_exc(file=handle)
            print(f"error: rule {smk.rule} failed ({type(exc).__name__}: {exc}); the traceback is in {log}",
                  file=terminal, flush=True)
            sys.exit(1)


def rule_log():
    """The rule's log as a context manager: run_rule has pointed stderr at it (a test's stderr otherwise)."""

    return contextlib.nullcontext(sys.stderr)

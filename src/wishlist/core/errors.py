"""One error type for bad study input, so every stage reports it the same way."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import traceback
from pathlib import Path


class StudyInputError(ValueError):
    """Bad input: names the file, the row or record, and the field at fault.

    Scripts catch it at the top, print the message and exit non-zero, so a
    user sees *where* to fix the data instead of a traceback.
    """

    def __init__(self, file, problem: str, *, row=None, record=None, field=None, key=None):
        self.file, self.problem = str(file), problem
        self.row, self.record, self.field, self.key = row, record, field, key
        where = [self.file]
        if row is not None:
            where.append(f"line {row}")
        if record is not None:
            where.append(f"record {record}")
        if field is not None:
            where.append(f"field '{field}'")
        if key is not None:
            where.append(f"key '{key}'")
        super().__init__(f"{', '.join(where)}: {problem}")


class OutputWriteError(OSError):
    """An output could not be written (a full disk, a quota, a permission): `filename` is the output."""


_WHY = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted"}


def os_error_line(exc: OSError) -> str:
    """One line for an OSError: the file it concerns and the system's reason."""
    reason = exc.strerror or str(exc)
    if exc.errno in _WHY:
        reason = f"{reason} ({_WHY[exc.errno]})"
    if exc.filename is None:
        return f"error: {reason}"
    verb = "cannot write" if isinstance(exc, OutputWriteError) else "cannot use"
    return f"error: {verb} {exc.filename}: {reason}"


def run_rule(main, smk) -> None:
    """Run a rule's body with everything it says on stderr going to the rule's log.

    Warnings, tracebacks and the output of tools it starts (pandoc, typst) land in
    ``log:``; the terminal gets one line: the error, and where the log is. Bad input
    (StudyInputError) names file, row and field; an OSError (a full disk, a quota, a
    permission) names the file it concerns, in one line; anything else is a bug, reported
    as such. Either way the exit status is 1, and as outputs are written atomically and
    Snakemake removes the outputs of failed jobs, nothing partial is left.
    """

    log = Path(smk.log[0])
    sys.stderr.flush()
    terminal = os.fdopen(os.dup(2), "w", encoding="utf-8")
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        handle = open(log, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed in the finally below)
    except OSError as exc:  # not even the log can be written (a full disk): say so on the terminal
        print(f"{os_error_line(exc)}\n(rule {smk.rule}; no log)", file=terminal, flush=True)
        sys.exit(1)
    try:
        os.dup2(handle.fileno(), 2)
        sys.stderr = handle
        try:
            main(smk)
        except StudyInputError as exc:
            _report(f"error: {exc}", handle, terminal, smk.rule, log)
        except OSError as exc:  # the machine, not the data: a full disk, a quota, a permission
            with contextlib.suppress(OSError):
                traceback.print_exc(file=handle)
            _report(os_error_line(exc), handle, terminal, smk.rule, log)
        except Exception as exc:  # a bug, not bad input: the traceback is for the log
            with contextlib.suppress(OSError):
                traceback.print_exc(file=handle)
            print(f"error: rule {smk.rule} failed ({type(exc).__name__}: {exc}); the traceback is in {log}",
                  file=terminal, flush=True)
            sys.exit(1)
    finally:
        with contextlib.suppress(OSError):  # a full disk must not turn the report into a traceback
            handle.close()


def _report(message: str, handle, terminal, rule: str, log: Path) -> None:
    """The one line on the terminal (and in the log, if it can still be written); exit status 1."""
    with contextlib.suppress(OSError):
        print(message, file=handle)
    print(f"{message}\n(rule {rule}; log: {log})", file=terminal, flush=True)
    sys.exit(1)


def rule_log():
    """The rule's log as a context manager: run_rule has pointed stderr at it (a test's stderr otherwise)."""

    return contextlib.nullcontext(sys.stderr)

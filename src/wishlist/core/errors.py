"""One error type for bad study input, so every stage reports it the same way."""

from __future__ import annotations


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
    """Run a rule's script body; bad input becomes one clear line on stderr and exit 1.

    The message also goes to the rule's log. Outputs are written atomically, and
    Snakemake removes outputs of failed jobs, so a failure leaves nothing partial.
    """
    import sys
    from pathlib import Path

    try:
        main(smk)
    except StudyInputError as exc:
        message = f"error: {exc}"
        print(message, file=sys.stderr)
        if smk.log:
            Path(smk.log[0]).parent.mkdir(parents=True, exist_ok=True)
            Path(smk.log[0]).write_text(message + "\n", encoding="utf-8")
        sys.exit(1)

"""run_rule: a rule's stderr goes to its log; the terminal gets one line naming the log; exit status 1."""

import errno
import os
import subprocess
import sys
import textwrap

import pytest

from wishlist.core.errors import StudyInputError


def run_script(tmp_path, body: str) -> subprocess.CompletedProcess:
    """A rule script as Snakemake runs it: a fresh interpreter with a `snakemake` object."""
    script = tmp_path / "rule.py"
    head = ("import errno\nimport sys\nfrom types import SimpleNamespace\n"
            "from wishlist.core.errors import StudyInputError, run_rule\n\n\ndef main(smk):\n")
    tail = (f"\n\nsnakemake = SimpleNamespace(rule='probe', log=[{str(tmp_path / 'logs/probe.log')!r}])\n"
            "run_rule(main, snakemake)\n")
    script.write_text(head + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + tail, encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path)


def test_a_bug_leaves_its_traceback_in_the_log_and_one_line_on_the_terminal(tmp_path):
    result = run_script(tmp_path, """
        print("working", file=sys.stderr)
        raise RuntimeError("boom")
    """)
    assert result.returncode == 1
    log = (tmp_path / "logs/probe.log").read_text(encoding="utf-8")
    assert "working" in log and "Traceback" in log and "RuntimeError: boom" in log
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "rule probe failed (RuntimeError: boom)" in lines[0]
    assert str(tmp_path / "logs/probe.log") in lines[0]


def test_bad_input_names_the_place_on_the_terminal_and_in_the_log(tmp_path):
    result = run_script(tmp_path, """
        raise StudyInputError("data/raw/2015.jsonl", "unknown post", row=3, field="post")
    """)
    assert result.returncode == 1
    said = "error: data/raw/2015.jsonl, line 3, field 'post': unknown post"
    assert result.stderr.splitlines()[0] == said
    assert str(tmp_path / "logs/probe.log") in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "logs/probe.log").read_text(encoding="utf-8").strip() == said


def test_output_of_a_child_process_goes_to_the_log_too(tmp_path):
    result = run_script(tmp_path, """
        import subprocess
        subprocess.run([sys.executable, "-c", "import sys; print('from the child', file=sys.stderr)"], check=True)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "from the child" in (tmp_path / "logs/probe.log").read_text(encoding="utf-8")


def test_the_error_names_file_line_record_and_field():
    error = StudyInputError("sheet.csv", "unknown code 'x'", row=4, record="2015-01-伦敦-6", field="outcome")
    assert str(error) == "sheet.csv, line 4, record 2015-01-伦敦-6, field 'outcome': unknown code 'x'"
    with pytest.raises(ValueError):  # a StudyInputError is a ValueError: callers that catch those still do
        raise error


@pytest.mark.parametrize(("code", "reason"), [("ENOSPC", "No space left on device (the disk is full)"),
                                              ("EDQUOT", "Disk quota exceeded (the disk quota is exhausted)")])
def test_a_rule_on_a_full_disk_ends_in_one_line_naming_the_file(tmp_path, code, reason):
    result = run_script(tmp_path, f"""
        import pandas as pd
        from wishlist.core.files import write_csv

        def full(self, *args, **kwargs):
            raise OSError(errno.{code}, {os.strerror(getattr(errno, code))!r})

        pd.DataFrame.to_csv = full
        write_csv("results/tables/shares.csv", pd.DataFrame({{"a": [1]}}))
    """)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"error: cannot write results/tables/shares.csv: {reason}"
    assert "Traceback" not in result.stderr and len(lines) == 2 and "logs/probe.log" in lines[1]
    assert "Traceback" in (tmp_path / "logs/probe.log").read_text(encoding="utf-8")
    assert list((tmp_path / "results/tables").iterdir()) == []


def test_a_rule_whose_log_cannot_be_written_still_says_why_in_one_line(tmp_path):
    (tmp_path / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    result = run_script(tmp_path, "pass")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: cannot use ") and "logs" in result.stderr.splitlines()[0]

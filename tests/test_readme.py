"""README.md: the generated blocks match the workflow, and the facts it states match the repository.

The list of tables and figures and the table of programs are generated (scripts/update_readme_exhibits.py,
`make readme`); these tests fail when the workflow has moved on and the README was not refreshed. The
exhibit list is compared with a fresh run of the default study (the `default_study` fixture), with the
manuscript's labels and with the numbers the rendered paper gives each figure and table.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re

import pytest
import yaml
from conftest import ROOT

from wishlist.core.checksums import DATA_PATTERNS

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXHIBIT_ROW = re.compile(r"^\| [a-z]+ \(`manuscript/(?P<document>\w+)\.qmd`\) \| (?P<exhibit>(?P<kind>Figure|Table) "
                         r"(?P<number>\d+)) \| `@(?P<label>(?:fig|tbl)-[\w-]+)` \|", re.MULTILINE)
DOCUMENTS = ("index", "supplement")  # as workflow/rules/common.smk PAPER_DOCUMENTS
QMD_LABEL = re.compile(r"\{#((?:fig|tbl)-[\w-]+)")
TABLE_LABEL = re.compile(r"\{#(tbl-[\w-]+)\}")
CODE_SPAN = re.compile(r"`([^`]+)`")


def load_updater():
    spec = importlib.util.spec_from_file_location("update_readme_exhibits", ROOT / "scripts/update_readme_exhibits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


updater = load_updater()


def section(heading: str) -> str:
    """The README's text under `heading` (e.g. '### Sources'), up to the next heading of the same or a higher level."""
    level = len(heading.split()[0])
    lines = README.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines))
                if re.match(rf"#{{1,{level}}} ", lines[i])), len(lines))
    return "\n".join(lines[start + 1:end])


def table_rows(text: str) -> list[list[str]]:
    """Body rows of the Markdown tables in `text` (header and separator rows dropped), as stripped cells."""
    rows, position = [], 0  # position: line number within the current table
    for line in text.splitlines():
        if not line.startswith("|"):
            position = 0
            continue
        position += 1
        if position > 2:
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])])
    return rows


def readme_exhibits() -> list[dict[str, str]]:
    return [m.groupdict() for m in EXHIBIT_ROW.finditer(updater.block(README, "exhibits"))]


# ------------------------------------------------------------ generated blocks
def test_exhibit_list_is_what_the_workflow_generated(default_study):
    generated = updater.exhibits_block((default_study / updater.PAPER_MAP).read_text(encoding="utf-8"))
    assert updater.block(README, "exhibits") == generated, (
        "README.md's list of tables and figures differs from the workflow's results/tables/paper_map.json: "
        "run `make readme`")
    kinds = {item["kind"] for item in readme_exhibits()}
    assert kinds == {"Figure", "Table"}
    assert {item["document"] for item in readme_exhibits()} == set(DOCUMENTS)


def test_every_exhibit_label_is_in_the_manuscript_and_every_manuscript_label_is_listed(default_study):
    tables = {}
    for table in (default_study / "results/tables").glob("*.md"):
        tables[table.name] = set(TABLE_LABEL.findall(table.read_text(encoding="utf-8")))
    for document in DOCUMENTS:
        listed = [item["label"] for item in readme_exhibits() if item["document"] == document]
        assert len(listed) == len(set(listed)), f"a label is listed twice for {document}.qmd"
        qmd = (default_study / f"manuscript/{document}.qmd").read_text(encoding="utf-8")
        defined = set(QMD_LABEL.findall(qmd))
        for name in re.findall(r"\{\{< include \.\./results/tables/([\w.-]+\.md) >\}\}", qmd):
            defined |= tables.get(name, set())
        assert set(listed) - defined == set(), f"listed in the README but defined neither in {document}.qmd nor a table"
        assert defined - set(listed) == set(), f"defined in {document}.qmd or a table it includes but not in the README"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_exhibit_numbers_are_the_ones_the_rendered_paper_prints(default_study, document):
    html = (default_study / f"results/manuscript/{document}.html").read_text(encoding="utf-8")
    listed = [item for item in readme_exhibits() if item["document"] == document]
    assert listed
    for item in listed:
        anchor = html.find(f'id="{item["label"]}"')
        assert anchor >= 0, f"{item['label']} is not in the rendered {document}"
        printed = re.compile(rf"{item['kind']}(?:\s|&nbsp;|&#160;|\u00a0)+(\d+)").search(html, anchor)
        assert printed, f"no '{item['kind']} N' after {item['label']} in the rendered {document}"
        assert printed.group(1) == item["number"], (
            f"README says {item['exhibit']} for @{item['label']} in {document}; "
            f"the paper prints {item['kind']} {printed.group(1)}")


def test_program_table_is_what_the_workflow_source_declares():
    assert updater.block(README, "programs") == updater.programs_block(ROOT), (
        "README.md's table of programs differs from the Snakefile, workflow/rules/*.smk and the scripts: "
        "run `make readme`")
    rules = set(re.findall(r"^rule (\w+):", "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "workflow/rules").glob("*.smk")), re.MULTILINE))
    listed = {row[1].strip("`") for row in table_rows(updater.block(README, "programs"))}
    assert listed == rules


def test_replacing_a_block_changes_only_that_block():
    text = "intro\n<!-- exhibits:start -->\nold\n<!-- exhibits:end -->\noutro\n"
    assert updater.replace_block(text, "exhibits", "new") == "intro\n<!-- exhibits:start -->\nnew\n<!-- exhibits:end -->\noutro\n"
    with pytest.raises(ValueError):
        updater.replace_block("no markers", "exhibits", "new")


# ------------------------------------------------------------ stated facts
def config_value(config: dict, dotted: str):
    node = config
    for part in dotted.split("."):
        assert isinstance(node, dict) and part in node, f"config/config.yaml has no key {dotted}"
        node = node[part]
    return node


def seed_keys(node, prefix="") -> set[str]:
    found = set()
    for key, value in node.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            found |= seed_keys(value, path + ".")
        elif "seed" in key:
            found.add(path)
    return found


def test_every_seed_the_readme_names_is_in_the_config_with_that_value():
    config = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
    rows = table_rows(section("### Controlled randomness"))
    named = {}
    for row in rows:
        key = row[0].strip("`")
        named[key] = row[1]
        assert str(config_value(config, key)) == row[1], f"README gives {key} = {row[1]}"
    assert named, "the README names no seed"
    assert seed_keys(config) == set(named), "every seed in config/config.yaml is named in the README, and no other"


def test_every_path_in_the_provenance_table_exists_and_every_data_file_is_listed():
    paths = [span for row in table_rows(section("### Sources")) for cell in row[1:]
             for span in CODE_SPAN.findall(cell) if "/" in span and " " not in span]
    assert len(paths) >= 10
    for path in paths:
        assert list(ROOT.glob(path)), f"the provenance table lists {path}, which does not exist"
    data = ROOT / "data"
    data_files = sorted({p.relative_to(ROOT).as_posix() for sub, patterns in DATA_PATTERNS.items()
                         for pattern in patterns for p in (data / sub).glob(pattern) if p.is_file()})
    unlisted = [f for f in data_files if not any(fnmatch.fnmatch(f, path) for path in paths)]
    assert unlisted == [], "data files the provenance table does not list"


def github_anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_table_of_contents_links_every_section():
    headings = re.findall(r"^(#{2,3}) (.+)$", README, re.MULTILINE)
    anchors = {github_anchor(text) for _, text in headings}
    links = re.findall(r"\]\(#([^)]+)\)", section("## Contents"))
    assert set(links) <= anchors, f"dead links: {set(links) - anchors}"
    top = {github_anchor(text) for level, text in headings if level == "##" and text != "Contents"}
    assert top <= set(links), f"sections missing from the contents: {top - set(links)}"
    assert headings[0] == ("##", "Contents"), "the table of contents comes first"


def test_licence_files_and_their_split():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    notice = (ROOT / "data/LICENSE").read_text(encoding="utf-8")
    assert "CC BY-NC 4.0" in notice and "https://creativecommons.org/licenses/by-nc/4.0/" in notice
    assert "10.51593/20210009" in notice
    for text in (README, (ROOT / "data/README.md").read_text(encoding="utf-8")):
        assert "CC BY-NC 4.0" in text and "MIT" in text and "data/LICENSE" in text


def test_the_safety_statements_name_what_the_code_enforces():
    """The README's section on what the study refuses states the loader's limits and
    the refused keys as the code has them."""
    from wishlist.core.files import YAML_ALIAS_BUDGET
    from wishlist.core.preflight import TEMPLATING_KEYS
    from wishlist.present.markdown import inert

    section = README.split("### What the study trusts, and what it refuses", 1)[1].split("\n### ", 1)[0]
    assert f"at most {YAML_ALIAS_BUDGET:,} nodes" in section
    for key in TEMPLATING_KEYS:
        assert f"`{key}`" in section
    assert "`inputs.outside`" in section and "unshare -rn" in section
    assert inert("{{< include x >}}").replace("\\", "") == "{{{< include x >}}}"  # the escaped form it names
    assert "`{{{< … >}}}`" in section

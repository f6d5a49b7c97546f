"""requirements.in (pip path), requirements.lock and environment.yml (conda path) must agree; scripts/setup_system.sh
sees what is installed (its font check survives SIGPIPE) and installs only what is missing."""

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip", "quarto"}  # the interpreter, the installer, and Quarto (not on PyPI)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ \[]", name.strip())[0]).lower()


def direct_requirements() -> set[str]:
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return {canonical(line) for line in lines if line.strip() and not line.startswith("#")}


def test_environment_yml_lists_the_same_direct_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {canonical(p) for p in dep["pip"] if not p.startswith("-e")}
        else:
            conda.add(canonical(dep.split("=")[0]))
    assert (conda - CONDA_ONLY) | pip == direct_requirements()
    assert "quarto" in conda


def test_lock_pins_every_direct_dependency_exactly():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.split()[0]
    missing = direct_requirements() - set(pins)
    assert not missing, f"requirements.lock lacks {missing}: run `make lock`"


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.split()[0]
    return pins


def rule_environment(path: Path) -> dict[str, str]:
    """name -> pinned version of a workflow/envs/*.yaml file (conda `name=v`, pip `name==v`)."""
    env = yaml.safe_load(path.read_text())
    pinned = {}
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        for entry in entries:
            if entry.startswith("-e"):
                continue
            name, _, version = re.split(r"(==|=)", entry, maxsplit=1) if "=" in entry else (entry, "", "")
            pinned[canonical(name)] = version
    return pinned


RULE_ENVIRONMENTS = sorted((ROOT / "workflow/envs").glob("*.yaml"))


@pytest.mark.parametrize("path", RULE_ENVIRONMENTS, ids=lambda p: p.name)
def test_rule_environment_pins_the_lock_versions_of_environment_yml_packages(path):
    """Each rule's conda environment lists packages of environment.yml, at requirements.lock's versions."""
    pinned = rule_environment(path)
    pins = lock_pins()
    names = direct_requirements() | CONDA_ONLY
    assert pinned, f"{path} lists no packages"
    for name, version in pinned.items():
        if name in ("python", "pip"):
            continue
        assert name in names, f"{path.name}: {name} is not a direct dependency in requirements.in/environment.yml"
        assert version == pins[name], f"{path.name}: {name}={version}, requirements.lock pins {pins[name]}"
    assert pinned["python"] == "3.11", "the rules' Python must be environment.yml's"



# ------------------------------------------------------ what renders the paper --
def _environment_yml() -> tuple[dict[str, str], dict[str, str]]:
    """(conda name -> version spec, pip name -> pinned version) of environment.yml."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for entry in dep["pip"]:
                if "==" in entry:
                    name, version = entry.split("==")
                    pip[canonical(name)] = version
        else:
            name = canonical(dep)
            conda[name] = dep[len(re.match(r"[\w.-]+", dep).group(0)):]
    return conda, pip


def test_renderers_are_pinned_alike_in_environment_yml_the_lock_and_the_readme():
    """Quarto's minimum (render.py refuses older), and the fallback's pandoc wheel and
    typst at the lock's versions, named the same way in the README's Software section."""
    from wishlist.present.render import QUARTO_MINIMUM

    conda, pip = _environment_yml()
    pins = lock_pins()
    minimum = ".".join(map(str, QUARTO_MINIMUM))
    assert conda["quarto"] == f">={minimum}"
    software = (ROOT / "README.md").read_text(encoding="utf-8").split("### Software", 1)[1].split("\n### ", 1)[0]
    assert f"Quarto ≥ {minimum}" in software and f"`quarto>={minimum}`" in software
    for name in ("pypandoc-binary", "typst"):
        assert pip[name] == pins[name], f"environment.yml pins {name}=={pip[name]}, the lock {pins[name]}"
        assert f"`{name}=={pins[name]}`" in software, f"README's Software section does not name {name}=={pins[name]}"


def test_the_readme_names_the_pandoc_the_lock_installs():
    import pypandoc

    version = ".".join(pypandoc.get_pandoc_version().split(".")[:2])
    software = (ROOT / "README.md").read_text(encoding="utf-8").split("### Software", 1)[1].split("\n### ", 1)[0]
    assert f"pandoc {version} from PyPI" in software


def test_ci_installs_quarto_from_the_kit_then_runs_the_readme_test_command():
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and ci.rstrip().splitlines()[-1] == "make test"
    assert "../shared/tools/quarto" in ci and "make quarto" in ci and 'export PATH="$QUARTO_PREFIX/bin:$PATH"' in ci
    assert re.search(r"^quarto:\n\tbash \$\(QUARTO_KIT\)/install\.sh \$\(QUARTO_PREFIX\)$",
                     (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_gitignore_holds_what_quarto_would_otherwise_add():
    """Quarto appends these lines to a project's .gitignore when they are missing;
    with them present it leaves the file alone (a render never edits a source)."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.quarto/" in lines and "**/*.quarto_ipynb" in lines
    assert "/_variables.yml" in lines  # written by the workflow


# ------------------------------------------------------ scripts/setup_system.sh --
SETUP = ROOT / "scripts/setup_system.sh"


def fake_tools(folder: Path, fc_list_lines: list[str]) -> Path:
    """A bin folder with a fake fc-list (printing `fc_list_lines`, many of them) and fakes of every
    other command setup_system.sh may call; apt-get and sudo record their calls in calls.log."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fonts.txt").write_text("".join(line + "\n" for line in fc_list_lines), encoding="utf-8")
    scripts = {
        "fc-list": f'cat "{folder / "fonts.txt"}"\n',
        "apt-get": f'echo "apt-get $*" >> "{folder / "calls.log"}"\n',
        "sudo": f'echo "sudo $*" >> "{folder / "calls.log"}"\n"$@"\n',
        "pdftoppm": "exit 0\n",
        "chromium": "exit 0\n",
        "chromedriver": "exit 0\n",
    }
    for name, body in scripts.items():
        path = folder / name
        path.write_text("#!/usr/bin/env bash\n" + body, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def run_setup(tools: Path, command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", "CHROMIUM_BIN": str(tools / "chromium"),
           "CHROMEDRIVER_BIN": str(tools / "chromedriver")}
    return subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, check=False)


# the font listed first, then far more output than a pipe holds: `fc-list | grep -q` stops
# reading at the first line and fc-list dies of SIGPIPE (141), which pipefail reported as failure
MANY_FONTS = (["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc: Noto Serif CJK SC:style=Regular"]
              + [f"/usr/share/fonts/truetype/dejavu/DejaVuSans-{i}.ttf: DejaVu Sans:style=Book" for i in range(20000)])


def test_the_font_check_reports_a_font_listed_among_many(tmp_path):
    tools = fake_tools(tmp_path / "bin", MANY_FONTS)
    result = run_setup(tools, f'source "{SETUP}"; has_cjk_font && echo installed; missing_packages')
    assert result.returncode == 0, result.stderr
    assert result.stdout == "installed\n"  # installed, and nothing missing


def test_setup_with_everything_installed_never_calls_apt_get(tmp_path):
    tools = fake_tools(tmp_path / "bin", MANY_FONTS)
    for _ in range(3):  # the SIGPIPE race did not fail every time
        result = run_setup(tools, f'bash "{SETUP}"')
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
    assert not (tools / "calls.log").exists(), (tools / "calls.log").read_text(encoding="utf-8")


def test_the_old_pipeline_fails_where_the_check_does_not(tmp_path):
    """The failure the check avoids, shown with the same fake fc-list."""
    tools = fake_tools(tmp_path / "bin", MANY_FONTS)
    old = run_setup(tools, 'set -o pipefail; fc-list | grep -q "Noto Serif CJK"; echo $?')
    assert old.stdout.strip() == "141"


def test_setup_installs_a_missing_font(tmp_path):
    tools = fake_tools(tmp_path / "bin", [f"/fonts/DejaVuSans-{i}.ttf: DejaVu Sans" for i in range(2000)])
    result = run_setup(tools, f'source "{SETUP}"; missing_packages')
    assert result.stdout == "fonts-noto-cjk\n"
    result = run_setup(tools, f'bash "{SETUP}"')
    assert result.returncode == 0, result.stderr
    calls = (tools / "calls.log").read_text(encoding="utf-8")
    assert "apt-get install -y -qq --no-install-recommends fonts-noto-cjk" in calls

"""Rule render_manuscript: manuscript/<document>.qmd -> self-contained HTML and PDF.

One job per document (index, the paper; supplement, the supplement), each with
the same conditions (what the data are, from results/numbers.yml) and the same
authors: config/config.yaml ``manuscript.authors`` when it lists any, else
CITATION.cff's ``authors`` (read as data, with the study's safe YAML reader),
else "wishlist-study contributors" (wishlist.present.render.manuscript_authors).
"""

from pathlib import Path

from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import read_yaml
from wishlist.present.render import (
    RenderError,
    manuscript_authors,
    manuscript_conditions,
    render_manuscript,
)


def authors_of(configured, citation_path) -> list[dict]:
    """The authors the papers name (see module docstring); a malformed entry names its source."""
    citation = read_yaml(citation_path) if citation_path and Path(citation_path).is_file() else {}
    try:
        return manuscript_authors(configured, citation if isinstance(citation, dict) else {})
    except ValueError as error:
        source = "config/config.yaml" if configured else citation_path
        raise StudyInputError(source, str(error)) from None


def main(smk):
    with rule_log() as log:
        def say(message):
            print(message, file=log, flush=True)
            print(message)

        authors = authors_of(smk.params.authors, smk.input.citation)
        say("authors: " + "; ".join(a["name"] for a in authors))
        try:
            # the project (_quarto.yml) names the made-by map and the format options
            # the conditions of the conditional passages: what the data are (results/numbers.yml `when` entries)
            conditions = manuscript_conditions(read_yaml(smk.input.numbers))
            say("conditions: " + ", ".join(f"{k}={str(v).lower()}" for k, v in conditions.items()))
            render_manuscript(Path(smk.input.qmd), Path(smk.output.html), Path(smk.output.pdf),
                              renderer=smk.params.renderer, css=Path(smk.input.css), conditions=conditions,
                              authors=authors, log=say)
        except RenderError as error:
            lines = (error.stderr or "").strip().splitlines()
            said = [line for line in lines if "quarto-subset:" in line] or lines[-1:] or [str(error)]
            raise StudyInputError(smk.input.qmd, f"rendering failed: {said[0].strip()}") from None

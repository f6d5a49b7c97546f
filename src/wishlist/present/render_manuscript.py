"""Rule render_manuscript: manuscript/index.qmd -> self-contained HTML and PDF."""

from pathlib import Path

from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import read_yaml
from wishlist.present.render import (
    RenderError,
    manuscript_conditions,
    render_manuscript,
)


def main(smk):
    with rule_log() as log:
        def say(message):
            print(message, file=log, flush=True)
            print(message)

        try:
            # the project (_quarto.yml) names the made-by map and the format options
            # the conditions of the conditional passages: what the data are (results/numbers.yml `when` entries)
            conditions = manuscript_conditions(read_yaml(smk.input.numbers))
            say("conditions: " + ", ".join(f"{k}={str(v).lower()}" for k, v in conditions.items()))
            render_manuscript(Path(smk.input.qmd), Path(smk.output.html), Path(smk.output.pdf),
                              renderer=smk.params.renderer, css=Path(smk.input.css), conditions=conditions, log=say)
        except RenderError as error:
            lines = (error.stderr or "").strip().splitlines()
            said = [line for line in lines if "quarto-subset:" in line] or lines[-1:] or [str(error)]
            raise StudyInputError(smk.input.qmd, f"rendering failed: {said[0].strip()}") from None

"""How the published layer and the claims audit are wired, read from Snakemake's own rule graph.

Replaces a test that grepped claims_audit.smk for the text of its registrations (which passed
as long as the text was there, whatever Snakemake made of it). Here Snakemake builds the DAG of
the default target on a copy of the study and the edges between rules are checked: every
edge below exists only if one rule's declared output is another's input.
"""

import re

import pytest
from conftest import make_study, run_study

pytestmark = pytest.mark.workflow


@pytest.fixture
def edges(tmp_path):
    """(upstream rule, downstream rule) for every edge of the default target's rule graph."""
    result = run_study(make_study(tmp_path), "--rulegraph", "--forceall")
    assert result.returncode == 0, result.stderr[-3000:]
    names = dict(re.findall(r'(\d+)\[label = "(\w+)"', result.stdout))
    return {(names[a], names[b]) for a, b in re.findall(r"(\d+) -> (\d+)", result.stdout)}


def test_computation_feeds_numbers_and_presentation_feeds_the_paper(edges):
    for stage, exhibits in (("published_layer", "published_exhibits"), ("claims_audit", "claims_exhibits")):
        assert (stage, exhibits) in edges                    # the exhibits read the stage's CSV
        assert (stage, "collect_numbers") in edges           # the stage's numbers fragment is collected
        assert (exhibits, "collect_numbers") not in edges    # presentation writes no numbers
        assert (exhibits, "render_manuscript") in edges      # the paper includes the exhibits' tables/figure
        assert (stage, "results_manifest") in edges and (exhibits, "results_manifest") in edges
    assert ("sharp_bounds", "claims_audit") in edges         # "inconsistent (proved)" needs the sharp bounds
    upstream_of_published = {a for a, b in edges if b == "published_layer"}
    assert not upstream_of_published                         # the brief's figures only, never the record layer

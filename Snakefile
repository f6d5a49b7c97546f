# The wishlist study: a reproducible re-analysis of Fedasiuk, Weinstein & Puglisi,
# "China's Foreign Technology Wish List" (CSET, 2021). Read top to bottom, this file
# is the method: each include is one stage, in the order the data flows.

from snakemake.utils import min_version

from wishlist.core.preflight import readable_yaml, verify_data_or_exit

min_version("9.0")
# Before Snakemake reads the config: a YAML error names its file and line, and a config
# that would run code (yte templating, `__use_yte__`), repeat a key or expand an alias
# bomb is refused (wishlist.core.files.read_yaml).
readable_yaml("config/config.yaml")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"  # raw bulletin records -> typed records
include: "workflow/rules/code.smk"  # automated and manual codes
include: "workflow/rules/sample.smk"  # the seeded 30-case sample
include: "workflow/rules/estimate.smk"  # proportions with confidence intervals
include: "workflow/rules/identify.smk"  # what the published figures determine
include: "workflow/rules/time_to_partnership.smk"  # report -> partnership durations
include: "workflow/rules/claims_audit.smk"  # every quantitative claim of the brief, checked
include: "workflow/rules/manuscript.smk"  # numbers.yml -> rendered paper


# The pinned inputs (data/ and every path under `inputs`) are verified once, before the
# first job (not on a dry run or a lint).
onstart:
    verify_data_or_exit(config)


rule all:
    default_target: True
    input:
        study_outputs,

"""Partial identification: what the brief's published figures determine about the record layer.

The record layer runs on one reconstruction, so any quantity the brief did not
publish (the overlap of biopharma and AI records, a country's share below the
top four, the AI share of the case-study frame) is partly an artefact of that
draw. This package states the published figures as linear constraints on the
integer counts of a cross-classification of the in-window records and asks a
mixed-integer solver (HiGHS, through its Python interface ``highspy``) for the
smallest and largest value of each quantity over *every* table consistent with them:
sharp bounds, in the sense of partial identification (Manski 2003). An
infeasible constraint set is a result (the brief contradicts itself under that
reading), never an error.

Cells are country x institution type (company split by the case-study frame
years) x MIC2025 category, and institution type x category x AI flag, linked
by their common institution x category counts: no published figure ties a
country to the AI flag, and two such tables always combine into one table of
records (per institution and category, a two-way table with given margins
exists). ``data/reference/identification.yaml`` says which cells each published
figure counts and lists the figures the cells cannot express. Values and kinds
come from ``data/reference/calibration_targets.yaml`` (the published ``value``,
never the reconstruction's ``expected``).

Labels: a quantity is *determined* when its bounds under the study's reading
coincide, *free* when the published figures narrow it no further than the bare
structure (642 records, 37 countries with at least one record each) does, and
*constrained* otherwise.

There is no ensemble of "typical" corpora: a sample of the feasible set would need a
sampler uniform over its integer tables, which this package does not have; the bounds
say what the published figures determine without such an assumption.

Modules, in the order they build on each other (pure code: mappings and arrays in,
numbers out; the stages read the files and wishlist.present words the results):

- ``rows``     a published figure as integer-exact linear rows (``Row``, ``figure_rows``);
- ``cells``    the cross-classification and its selectors (``Cells``), country/category pooling;
- ``solver``   one HiGHS model per reading: integer minima, feasibility tests, dual screening;
- ``model``    identification.yaml + the targets -> rows per reading (``Model``), the quantities;
- ``bounds``   sharp bounds, binding figures, labels, reading feasibility, conflict sets;
- ``records``  a corpus's own cell table, the published figures it meets, its values beside the bounds.
"""

"""Rule time_to_partnership: case outcomes + records -> durations, Table 1, time-to-event estimates, figures."""


from wishlist.brief.records import read_records
from wishlist.core.files import read_sheet, write_csv, write_text
from wishlist.core.numbers import write_numbers
from wishlist.present.figures import timeline
from wishlist.present.tables import markdown_table
from wishlist.stats import survival


def main(smk):
    cutoff, level = smk.params.cutoff, smk.params.level
    records = read_records(smk.input.records)
    outcomes = read_sheet(smk.input.outcomes)
    survival.check_case_outcomes(outcomes, records, cutoff, smk.input.outcomes)
    cases = survival.analysis_cases(outcomes, records)

    # The core: the dated partnering cases (on the default corpus, the 14 real cases of Table 1).
    durations = survival.case_durations(outcomes, records)
    dated = survival.dated_note(durations)
    write_csv(smk.output.durations, durations)
    table1 = survival.table1(durations)
    shown = table1[["Company", "Report", "Indicator date", "Days (min to max)", "Timing"]]
    write_text(smk.output.durations_md, markdown_table(
        shown.rename(columns={"Indicator date": "Indicator"}),
        f"Report-to-partnership durations of the {len(durations)} dated partnering cases ({dated}). A date known "
        "only to the month or year makes the duration an interval of days; a negative duration is a reversed "
        "timeline (the indicator precedes the report).", "tbl-durations"))

    write_csv(smk.output.table1, table1)
    write_text(smk.output.table1_md, markdown_table(
        table1, f"The brief's Table 1 regenerated from the data: the {len(durations)} dated partnering cases "
                f"({dated}), the report (post, date), the first indicator of partnership (type as we code it, "
                "summary, date) and the days between them (an interval where a date is a month or year; negative: "
                "reversed timeline).", "tbl-table1"))

    shares, verdict = survival.timing_shares(durations, level)
    write_csv(smk.output.shares, shares)
    n_after = int(shares.loc[shares["denominator"].eq("after_report"), "n"].iloc[0])
    write_text(smk.output.shares_md, markdown_table(
        survival.shares_display(shares),
        f"Timing of the {len(durations)} dated partnering cases ({dated}) against the brief's \"one to three "
        f"years\": cases in each band with {level:.0%} Wilson intervals, of all dated cases and of the {n_after} "
        f"whose indicator certainly follows the report. {verdict}", "tbl-timing-shares"))

    # Time-to-event estimates: these need the cases that did not partner (censored).
    results = survival.run_analyses(cases, cutoff, level)
    estimates = survival.estimates_table(results)
    write_csv(smk.output.estimates, estimates)
    events, curves, turnbull = survival.long_tables(results)
    write_csv(smk.output.events, events)
    write_csv(smk.output.curves, curves)
    write_csv(smk.output.turnbull, turnbull)
    censored = survival.censored_note(cases)
    imprecise = survival.imprecise_indicators(results["km_time_zero"])
    write_text(smk.output.estimates_md, markdown_table(
        survival.estimates_display(estimates),
        f"Time from the report to the first indicator of partnership: median and cumulative incidence by one and "
        f"three years ({level:.0%} CIs; cases: analysed, of which partnered / censored, and excluded). Beside "
        f"the partnering cases, the cases without a partnership are right-censored at the cut-off {cutoff}: "
        f"{censored}. Main: Kaplan–Meier, reversed timelines as partnerships at time 0 (pre-existing "
        "relationships) or excluded; insufficient-information cases excluded. Kaplan–Meier needs one time "
        "per case: the indicators dated only to a month or year "
        f"({', '.join(imprecise) if imprecise else 'none'}) enter at their interval's midpoint (a straddling "
        "interval first clipped at 0). Sensitivity: the Turnbull NPMLE uses the date intervals as they are (no "
        "CI); insufficient-information cases censored. Comparison only: the partnering cases alone (conditional "
        "on partnering, as the brief's statement is). Median CI: Brookmeyer–Crowley (log-log); cumulative "
        "incidence CI: log-log with Greenwood's variance.", "tbl-ttp-estimates"))

    timeline.draw_timeline(durations, cutoff, smk.output.timeline_svg, smk.output.timeline_png)
    no = cases[cases["outcome"].eq("no")]
    reconstructed = len(no) and no["record_provenance"].eq("reconstructed").all()
    timeline.draw_cumulative_incidence(
        results, smk.output.incidence_svg, smk.output.incidence_png,
        censored_label="Censored at the cut-off: no partnership found"
                       + (" (reconstructed cases)" if reconstructed else ""))

    write_numbers(smk.output.numbers, survival.stage_numbers(durations, cases, results, estimates, shares,
                                                             verdict, cutoff, level))

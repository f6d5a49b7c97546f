"""Rule estimate_proportions: coded records -> headline shares and cross-tabs with Wilson intervals."""


from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv
from wishlist.core.numbers import write_numbers
from wishlist.stages.code_records import read_coded_records
from wishlist.stages.describe_records import records_per_year
from wishlist.stages.estimates import (
    IT_CATEGORY,
    UNITED_STATES,
    government_labs,
    headline_shares,
    largest_source,
    post_distribution,
    row_numbers,
    sensitivity,
    sources_of,
)


def main(smk):
    level = smk.params.level
    window = smk.params.window
    coded = read_coded_records(smk.input.coded)
    try:
        shares = headline_shares(coded, level)
        per_year = records_per_year(coded, level, window["first_year"], window["last_year"])
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None
    us_posts = post_distribution(coded, UNITED_STATES, level)
    it_sources = sources_of(coded, IT_CATEGORY)
    labs = government_labs(coded)

    write_csv(smk.output.proportions, shares)
    write_csv(smk.output.sensitivity, sensitivity(shares, level))
    write_csv(smk.output.per_year, per_year)
    write_csv(smk.output.us_posts, us_posts)
    write_csv(smk.output.it_sources, it_sources)
    write_csv(smk.output.labs, labs)

    counts = coded["country"].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    multi_labs = labs[labs["more_than_one"]]
    numbers = {row["key"]: row_numbers(row) for row in shares.to_dict("records")}
    numbers.update({
        "confidence_level_pct": level,
        "records": len(coded),
        "top_four_countries": ", ".join(c for c, _ in ranked[:4]),
        "us_it": largest_source(it_sources, UNITED_STATES),
        "largest_post": str(coded["post_en"].value_counts().sort_index().idxmax()) if len(coded) else "",
        "largest_post_records": int(coded["post_en"].value_counts().max()) if len(coded) else 0,
        "government_labs": len(labs),
        "government_labs_more_than_one_record": len(multi_labs),
        "per_year": {f"year_{int(row['year'])}": row_numbers(
            {**row, "count": row["records"]}) for row in per_year.to_dict("records")},
    })
    write_numbers(smk.output.numbers, numbers)

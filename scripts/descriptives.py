"""Rule describe_records: coded records -> distributions by category, country, institution type, cooperation form."""


from wishlist.codebook import load_codebook
from wishlist.descriptives import (category_distribution, cooperation_form_shares, country_distribution,
                                   forms_per_record, institution_distribution, share_numbers, snake)
from wishlist.coding import read_coded_records
from wishlist.errors import StudyInputError, run_rule
from wishlist.files import write_csv
from wishlist.numbers import write_numbers
from wishlist.proportions import proportion_ci


def main(smk):
    level = smk.params.level
    codebook = load_codebook(smk.input.codebook)
    coded = read_coded_records(smk.input.coded)
    try:
        categories = category_distribution(coded, codebook, level)
        countries = country_distribution(coded, level, top=8)
        institutions = institution_distribution(coded, codebook, level)
        forms = cooperation_form_shares(coded, codebook, level)
        per_record = forms_per_record(coded, level)
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None

    skipped = {}
    for name, table in (("categories", categories), ("countries", countries), ("institution_types", institutions),
                        ("forms_per_record", per_record)):
        for method, reason in table.attrs.get("skipped", {}).items():
            skipped[f"{name}_{method}"] = reason
    with open(smk.log[0], "w", encoding="utf-8") as log:
        for key, reason in sorted(skipped.items()):
            print(f"multinomial interval not computed, {key}: {reason}", file=log)

    write_csv(smk.output.categories, categories)
    write_csv(smk.output.countries, countries)
    write_csv(smk.output.institutions, institutions)
    write_csv(smk.output.forms, forms)
    write_csv(smk.output.forms_per_record, per_record)

    top = countries[countries["top"]]
    stated = institutions[institutions["base"].eq("stated")]
    everything = institutions[institutions["base"].eq("all")]
    mic = categories[categories["category"].ne("other")]
    numbers = {
        "confidence_level_pct": level,
        "records": len(coded),
        "categories": {row["category"]: share_numbers(row) for _, row in categories.iterrows()},
        "largest_category": categories.iloc[0]["label"],
        "mic2025_records": proportion_ci(int(mic["count"].sum()), len(coded), "wilson", level).as_numbers(),
        "countries_total": len(countries),
        "countries": {snake(row["category"]): {"rank": int(row["rank"]), **share_numbers(row)}
                      for _, row in top.iterrows()},
        "top_countries": ", ".join(top["category"]),
        "institution_types_stated": {row["category"]: share_numbers(row) for _, row in stated.iterrows()},
        "institution_types_all": {row["category"]: share_numbers(row) for _, row in everything.iterrows()},
        "cooperation_forms": {row["category"]: share_numbers(row) for _, row in forms.iterrows()},
        "most_named_form": forms.iloc[0]["label"],
        "forms_per_record": {f"forms_{int(row['category'])}": share_numbers(row) for _, row in per_record.iterrows()},
        "multinomial_not_computed": ", ".join(sorted(skipped)) or "none",
    }
    write_numbers(smk.output.numbers, numbers)


run_rule(main, snakemake)  # noqa: F821

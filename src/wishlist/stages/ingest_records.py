"""Rule ingest_records: raw bulletin records -> typed records table + ingest report."""

from wishlist.brief.records import Gazetteer, ingest
from wishlist.brief.schemas import records_schema
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv, write_yaml
from wishlist.core.numbers import write_numbers


def main(smk):
    gazetteer = Gazetteer.load(smk.input.gazetteer, smk.input.countries)
    window = smk.params.window
    records, report = ingest(smk.input.raw, gazetteer, window["first_year"], window["last_year"])
    if records.empty:  # every later stage would fail on it, blaming its own field
        raise StudyInputError("config/config.yaml", f"no record was filed in the study window {window['first_year']}-"
                              f"{window['last_year']} ({report['records_read']} records read)", field="study_window")
    # the table every later stage reads: its declared schema is checked here, once (read_records trusts it)
    records = records_schema().validate(records)
    write_csv(smk.output.records, records)
    write_yaml(smk.output.report, report)
    write_numbers(smk.output.numbers, {
        "records_read": report["records_read"],
        "records_kept": report["records_kept"],
        "records_outside_window": report["excluded"]["outside_study_window"]["count"],
        "first_year": window["first_year"],
        "last_year": window["last_year"],
        "countries": int(records["country"].nunique()),
        "brief_records": int(records["provenance"].eq("brief").sum()),
        "bulletin_records": int(records["provenance"].eq("bulletin").sum()),
        "reconstructed_records": int(records["provenance"].eq("reconstructed").sum()),
    })

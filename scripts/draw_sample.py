"""Rule draw_sample: coded records -> sample frame, ordered draw and its metadata."""


from wishlist.coding import read_coded_records
from wishlist.errors import run_rule
from wishlist.files import write_csv, write_yaml
from wishlist.numbers import write_numbers
from wishlist.sampling import draw_metadata, draw_sample, sample_frame


def main(smk):
    coded = read_coded_records(smk.input.coded)
    settings = smk.params.sample
    frame = sample_frame(coded, settings["frame_institution_type"], settings["frame_years"])
    draw = draw_sample(frame, settings["size"], settings["seed"])
    meta = draw_metadata(frame, draw, settings["seed"])
    write_csv(smk.output.frame, frame)
    write_csv(smk.output.draw, draw)
    write_yaml(smk.output.meta, meta)
    write_numbers(smk.output.numbers, {"frame_size": meta["frame_size"], "sample_size": meta["sample_size"],
                                    "seed": meta["seed"]})


run_rule(main, snakemake)  # noqa: F821

"""The evaluation set of check-ins (tests/data/checkin_eval.csv) and the scorer's target on it."""

from __future__ import annotations

from collections import Counter

from cohorts.inwork.risk_eval import (
    BLIND_CSV,
    EVAL_CSV,
    HELD_OUT,
    TARGET_PRECISION,
    TARGET_RECALL,
    evaluate,
    load_examples,
)
from cohorts.models import WORRIES


def test_the_set_is_big_labelled_both_ways_and_covers_every_theme():
    examples = load_examples()
    assert len(examples) >= 300 and len({e.id for e in examples}) == len(examples)
    labels = Counter(e.label for e in examples)
    assert set(labels) == {0, 1} and 0.4 <= labels[0] / len(examples) <= 0.6
    themes = Counter(e.theme for e in examples)
    assert all(themes[key] >= 25 for key in WORRIES)
    assert {e.split for e in examples} == {"dev", "test"}
    assert {"negation", "sarcasm", "mixed"} <= {e.kind for e in examples}
    for example in examples:
        assert example.text.strip() and set(example.worries) <= set(WORRIES)
        assert example.rating is None or 1 <= example.rating <= 5


def test_the_splits_are_stratified_by_theme_and_label():
    examples = load_examples()
    for theme in WORRIES:
        for label in (0, 1):
            rows = [e for e in examples if e.theme == theme and e.label == label]
            test_share = sum(e.split == "test" for e in rows) / len(rows)
            assert 0.3 <= test_share <= 0.5, (theme, label, test_share)


def test_the_flag_meets_its_target_at_the_configured_threshold(app):
    figures = evaluate(app.config["RISK_FLAG_THRESHOLD"])
    for split in HELD_OUT:
        m = figures["splits"][split]
        assert m["recall"] >= TARGET_RECALL and m["precision"] >= TARGET_PRECISION, (split, m)
    assert figures["pass"]


def test_the_bench_reports_the_same_figures(app):
    import importlib.util

    spec = importlib.util.spec_from_file_location("risk_flags_bench", EVAL_CSV.parents[2] / "bench" / "risk_flags.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    figures = bench.run(app.config["RISK_FLAG_THRESHOLD"])
    assert figures["splits"] == evaluate(app.config["RISK_FLAG_THRESHOLD"])["splits"] and figures["pass"]
    assert figures["sweep"]["all"][0]["threshold"] == 0.2 and figures["sweep"]["all"][-1]["threshold"] == 0.8


def test_the_blind_set_is_another_authors_and_half_of_it_was_never_read():
    examples = load_examples(BLIND_CSV)
    assert len(examples) >= 150 and {e.split for e in examples} == {"blind_dev", "blind_test"}
    assert all(e.split == ("blind_dev" if int(e.id[1:]) % 2 else "blind_test") for e in examples)
    assert not {e.id for e in examples} & {e.id for e in load_examples(EVAL_CSV)}
    themes = Counter(e.theme for e in examples)
    assert all(themes[key] >= 10 for key in WORRIES) and {e.label for e in examples} == {0, 1}

"""The check-in risk scorer: its rules, the reasons a coach reads, and properties over any input."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from cohorts.inwork.risk import Reason, RiskAssessment, score_check_in
from cohorts.models import WORRIES


def score(text: str = "", rating: int | None = None, previous_rating: int | None = None,
          worries: tuple[str, ...] = ()) -> RiskAssessment:
    return score_check_in(rating=rating, previous_rating=previous_rating, worries=worries, text=text)


def details(assessment: RiskAssessment) -> str:
    return " | ".join(reason.detail for reason in assessment.reasons)


def test_a_strong_phrase_is_named_in_the_reasons_and_raises_the_flag():
    assessment = score("Honestly I'm thinking of leaving, it's not what I expected.", rating=3)
    assert 'wrote "thinking of leaving" (leaving)' in details(assessment)
    assert assessment.flagged(0.35)


def test_a_negated_worry_does_not_count():
    for text in ("Not worried about pay at all, it's more than I expected.",
                 "No problems with my manager, she's been really supportive.",
                 "I'm not struggling with the shifts at all now.",
                 "Haven't had a panic attack since I started, which is huge for me."):
        assessment = score(text, rating=4)
        assert not any(r.signal == "phrase" for r in assessment.reasons), (text, details(assessment))
        assert not assessment.flagged(0.35)


def test_doubt_is_not_a_negation():
    assessment = score("I don't think I can do this much longer.", rating=3)
    assert any(r.signal == "phrase" and "(can't cope)" in r.detail for r in assessment.reasons)


def test_a_negation_does_not_reach_past_the_end_of_its_sentence():
    assessment = score("Not the job. I can't afford the rent this month.", rating=3)
    assert 'wrote "can\'t afford" (money)' in details(assessment)


def test_sarcasm_is_not_read_as_praise():
    assessment = score("oh great, another 12 hour shift, love it", rating=2, worries=("hours",))
    signals = {r.signal for r in assessment.reasons}
    assert "sarcasm" in signals and "praise next to a complaint reads as sarcasm" in details(assessment)
    assert not any(r.signal == "text" and r.weight < 0 for r in assessment.reasons)
    assert assessment.flagged(0.35)


def test_praise_with_a_high_rating_is_not_sarcasm():
    assessment = score("Got offered a permanent contract! Great.", rating=5)
    assert "sarcasm" not in {r.signal for r in assessment.reasons}
    assert assessment.score == 0.0


def test_rating_and_its_drop_are_reasons():
    assessment = score("", rating=2, previous_rating=4)
    assert "rated 2 of 5, down from 4" in details(assessment)
    assert "rating fell 2 points since the last check-in (4 → 2)" in details(assessment)
    assert assessment.score == 0.5  # 0.3 for a 2, 0.1 for each point it fell


def test_ticked_worries_are_named_in_the_order_of_the_list():
    assessment = score("", worries=("travel", "pay", "nonsense"))
    assert "ticked Travel to work, Pay" in details(assessment)
    assert [r.weight for r in assessment.reasons if r.signal == "worry"] == [0.1]


def test_negative_text_names_its_vader_score():
    assessment = score("Everything is awful and I hate it.", rating=3)
    text = [r for r in assessment.reasons if r.signal == "text"]
    assert text and text[0].detail.startswith("the text reads negative (VADER -0.")


def test_a_fine_answer_scores_nothing_and_reasons_serialise():
    assessment = score("Going really well, I like the team.", rating=5)
    assert assessment.score == 0.0 and not assessment.flagged(0.35)
    for reason in score("I quit.", rating=1, previous_rating=3, worries=("manager",)).reasons:
        assert set(reason.as_json()) == {"signal", "detail", "weight"} and reason.detail
    assert Reason("rating", "rated 1 of 5", 0.45678).as_json()["weight"] == 0.457


def test_scoring_is_fast():
    text = "My manager shouts at me and I'm thinking of quitting, I can't afford the bus. " * 4
    score(text)  # the analyser is built once
    started = time.perf_counter()
    for _ in range(100):
        score(text, rating=2, previous_rating=4, worries=("manager", "money"))
    assert (time.perf_counter() - started) / 100 < 0.02


ratings = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
worry_lists = st.lists(st.sampled_from(sorted(WORRIES)), max_size=10, unique=True)
STRONG = ("I am thinking of quitting.", "I can't cope.", "I can't afford the rent.", "I'm having panic attacks.")


@given(text=st.text(max_size=300), rating=ratings, previous=ratings, worries=worry_lists)
def test_any_answer_scores_between_0_and_1_and_the_same_every_time(text, rating, previous, worries):
    first = score(text, rating, previous, tuple(worries))
    assert 0.0 <= first.score <= 1.0
    assert first == score(text, rating, previous, tuple(worries))


@given(text=st.text(max_size=200), rating=ratings, previous=ratings, worries=worry_lists,
       strong=st.sampled_from(STRONG))
def test_adding_a_strong_risk_phrase_never_lowers_the_score(text, rating, previous, worries, strong):
    before = score(text, rating, previous, tuple(worries)).score
    assert score(f"{text}. {strong}", rating, previous, tuple(worries)).score >= before

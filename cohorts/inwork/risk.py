"""The check-in risk scorer: a transparent weighted sum of what a participant told us, clamped to 0–1.

    score = clamp(text + phrases + sarcasm + rating + rating drop + worries, 0, 1)

Every term that is not zero becomes a `Reason` a coach can read ("wrote "thinking of leaving"
(leaving)", "rated 2 of 5, down from 4"). The text term is VADER's compound sentiment (a lexicon model
that ships its own data: nothing is downloaded); the phrase rules live in `risk_phrases`. Deterministic,
pure Python, well under a millisecond per check-in. Weights, threshold and the evaluation behind them:
docs/RISK_FLAGS.md and bench/risk_flags.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from cohorts.inwork.risk_phrases import CLAUSE_END, DOUBT, NEGATION_WINDOW, NEGATORS, RULES, SARCASM, SARCASM_MARKERS
from cohorts.models import WORRIES

SCORER_VERSION = "lexicon-1"

#: negative text: this times −compound (so at most TEXT_NEGATIVE)
TEXT_NEGATIVE = 0.3
#: clearly positive text (compound ≥ POSITIVE_FROM) and no sarcasm: minus this times compound
TEXT_POSITIVE = 0.15
POSITIVE_FROM = 0.5
NEGATIVE_FROM = -0.05
#: by rating (1–5); no rating adds nothing
RATING_WEIGHT = {1: 0.45, 2: 0.3, 3: 0.1, 4: 0.0, 5: -0.1}
#: per point the rating fell since the last check-in
DROP_PER_POINT = 0.1
#: per ticked worry, at most WORRY_CAP in all
WORRY_WEIGHT = 0.05
WORRY_CAP = 0.15

_TOKEN = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class Reason:
    signal: str  # "text" | "phrase" | "sarcasm" | "rating" | "rating_drop" | "worry"
    detail: str  # what a coach reads: 'wrote "thinking of quitting" (leaving)', "rated 2 of 5, down from 4"
    weight: float

    def as_json(self) -> dict:
        return {"signal": self.signal, "detail": self.detail, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class RiskAssessment:
    score: float  # 0–1
    reasons: tuple[Reason, ...]

    def flagged(self, threshold: float) -> bool:
        return self.score >= threshold


@cache
def analyzer():
    """VADER's analyser, built once per process (it reads its lexicon from the installed package)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def normalise(text: str) -> str:
    return (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


def is_negated(text: str, start: int) -> bool:
    """Whether a negator stands within NEGATION_WINDOW words before `start`, in the same clause."""
    before = text[:start]
    clause_starts = [m.end() for m in CLAUSE_END.finditer(before)]
    clause = before[clause_starts[-1]:] if clause_starts else before
    words = _TOKEN.findall(clause)[-NEGATION_WINDOW:]
    for i, word in enumerate(words):
        if word.replace("'", "") in NEGATORS or word.endswith("n't"):
            following = words[i + 1] if i + 1 < len(words) else ""
            if following not in DOUBT:
                return True
    return False


def phrase_reasons(text: str) -> list[Reason]:
    """One reason per rule that matched somewhere without a negation before it."""
    reasons = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            if not is_negated(text, match.start()):
                reasons.append(Reason("phrase", f'wrote "{match.group(0).strip()}" ({rule.theme})', rule.weight))
                break
    return reasons


def text_reason(compound: float, sarcastic: bool) -> Reason | None:
    if compound <= NEGATIVE_FROM:
        return Reason("text", f"the text reads negative (VADER {compound:+.2f})", TEXT_NEGATIVE * -compound)
    if compound >= POSITIVE_FROM and not sarcastic:
        return Reason("text", f"the text reads positive (VADER {compound:+.2f})", -TEXT_POSITIVE * compound)
    return None


def rating_reasons(rating: int | None, previous_rating: int | None) -> list[Reason]:
    if rating is None:
        return []
    reasons = []
    weight = RATING_WEIGHT.get(rating, 0.0)
    drop = (previous_rating - rating) if previous_rating is not None else 0
    detail = f"rated {rating} of 5" + (f", down from {previous_rating}" if drop > 0 else "")
    if weight:
        reasons.append(Reason("rating", detail, weight))
    if drop > 0:
        reasons.append(Reason("rating_drop", f"rating fell {drop} point{'s' * (drop > 1)} since the last "
                                             f"check-in ({previous_rating} → {rating})", DROP_PER_POINT * drop))
    return reasons


def worry_reason(worries: Sequence[str]) -> Reason | None:
    ticked = [key for key in WORRIES if key in set(worries or ())]
    if not ticked:
        return None
    labels = ", ".join(WORRIES[key] for key in ticked)
    return Reason("worry", f"ticked {labels}", min(WORRY_CAP, WORRY_WEIGHT * len(ticked)))


def score_check_in(*, rating: int | None, previous_rating: int | None, worries: Sequence[str],
                   text: str) -> RiskAssessment:
    """The risk score (0–1) of one check-in answer, with every signal that moved it."""
    clean = normalise(text)
    phrases = phrase_reasons(clean) if clean.strip() else []
    low_rating = rating is not None and rating <= 3
    sarcastic = bool(clean.strip()) and any(m.search(clean) for m in SARCASM_MARKERS) and (bool(phrases) or low_rating)
    compound = analyzer().polarity_scores(clean)["compound"] if clean.strip() else 0.0
    reasons: list[Reason] = []
    if (text_signal := text_reason(compound, sarcastic)) is not None:
        reasons.append(text_signal)
    reasons.extend(phrases)
    if sarcastic:
        reasons.append(Reason("sarcasm", "praise next to a complaint reads as sarcasm", SARCASM))
    reasons.extend(rating_reasons(rating, previous_rating))
    if (worry := worry_reason(worries)) is not None:
        reasons.append(worry)
    total = sum(r.weight for r in reasons)
    return RiskAssessment(round(min(1.0, max(0.0, total)), 4), tuple(reasons))

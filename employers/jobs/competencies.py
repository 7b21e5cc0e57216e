"""Finding the programme's competencies in a posting's words: whole words or phrases, any case.

The vocabulary (each Skill's label and its ESCO alternative labels, one per line in ``alt_labels``)
is loaded once per poll into a dictionary of token tuples. A text is cut into word tokens once and
every run of up to ``longest`` tokens is looked up, longest first, so the cost grows with the text,
not with the vocabulary (ESCO holds some 14,000 skills and 100,000 labels).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Skill

#: a word: letters/digits with the joiners that keep "C++", "C#", "node.js" and "e-mail" whole
TOKEN = re.compile(r"[\w+#]+(?:[.\-'’][\w+#]+)*")
#: phrases longer than this many words are not looked for
MAX_PHRASE_WORDS = 8
#: labels shorter than this are too ambiguous to find in free text ("R", "C")
MIN_LABEL_CHARS = 2


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().casefold(), m.start(), m.end()) for m in TOKEN.finditer(text or "")]


@dataclass(frozen=True)
class Found:
    skill_id: int
    matched_text: str


class SkillMatcher:
    """The vocabulary as {token tuple: skill id}, built once and used for many postings."""

    def __init__(self, labels: list[tuple[int, str]]) -> None:
        self.phrases: dict[tuple[str, ...], int] = {}
        for skill_id, label in labels:
            label = " ".join((label or "").split())
            words = tuple(t for t, _s, _e in tokens(label))
            if len(label) < MIN_LABEL_CHARS or not words or len(words) > MAX_PHRASE_WORDS:
                continue
            self.phrases.setdefault(words, skill_id)
        self.longest = max((len(p) for p in self.phrases), default=0)

    @classmethod
    def load(cls) -> SkillMatcher:
        """Every skill's label and alternative labels, in one query."""
        labels: list[tuple[int, str]] = []
        for skill_id, label, alt_labels in db.session.execute(sa.select(Skill.id, Skill.label, Skill.alt_labels)):
            labels.append((skill_id, label))
            labels.extend((skill_id, alt) for alt in (alt_labels or "").splitlines() if alt.strip())
        return cls(labels)

    def find(self, text: str) -> list[Found]:
        """Each skill named in ``text`` once, with the words as written, in order of appearance."""
        words = tokens(text)
        found: dict[int, Found] = {}
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                skill_id = self.phrases.get(tuple(w for w, _s, _e in words[i:i + size]))
                if skill_id is not None:
                    if skill_id not in found:
                        start, end = words[i][1], words[i + size - 1][2]
                        if text[end:end + 1] == ")" and text.count("(", start, end) > text.count(")", start, end):
                            end += 1  # "ticketing (Zendesk)": keep the bracket the label closes
                        found[skill_id] = Found(skill_id, text[start:end][:300])
                    i += size
                    break
            else:
                i += 1
        return list(found.values())

"""The "Score this interview" form: one level per competency of the hiring need, words, decision, sharing."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length

from app.forms import as_select_choices
from cohorts.interviews.scoring import DECISION_LABELS, LEVEL_MEANINGS, FeedbackInput
from cohorts.models import InterviewDecision, InterviewFeedback
from employers.models import HiringNeedSkill

TEXT_LIMIT = 4000


def _level(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class InterviewFeedbackForm(FlaskForm):
    """The fixed fields; feedback_form() adds a level field per competency (level_<skill id>)."""

    strengths = TextAreaField("Strengths", validators=[Length(max=TEXT_LIMIT)],
                              description="What went well. Only staff and your team read this.")
    concerns = TextAreaField("Concerns", validators=[Length(max=TEXT_LIMIT)],
                             description="What held the candidate back. Only staff and your team read this.")
    decision = RadioField("Decision", choices=as_select_choices((d.value, DECISION_LABELS[d]) for d in InterviewDecision),
                          validators=[InputRequired(message="Choose a decision.")])
    message_to_candidate = TextAreaField(
        "Message to the candidate", validators=[Length(max=TEXT_LIMIT)],
        description="The candidate reads these words as you write them. Leave empty to send no message.")
    share_scores = BooleanField("Show the candidate the levels I gave")
    share_decision = BooleanField("Show the candidate my decision")

    competencies: Sequence[HiringNeedSkill] = ()

    def level_fields(self):
        """(competency, its level field) in the order the need lists them."""
        return [(c, self[f"level_{c.skill_id}"]) for c in self.competencies]

    def values(self) -> FeedbackInput:
        return FeedbackInput(
            levels={c.skill_id: field.data for c, field in self.level_fields()},
            decision=InterviewDecision(self.decision.data), strengths=self.strengths.data or "",
            concerns=self.concerns.data or "", message_to_candidate=self.message_to_candidate.data or "",
            share_scores=self.share_scores.data, share_decision=self.share_decision.data,
        )


def feedback_form(competencies: Sequence[HiringNeedSkill], feedback: InterviewFeedback | None = None,
                  **kwargs) -> InterviewFeedbackForm:
    """The form for one interview's competencies, filled from saved feedback when there is some."""

    class Form(InterviewFeedbackForm):
        pass

    choices = as_select_choices([("", "Choose a level"), *((n, f"{n} — {meaning}") for n, meaning in LEVEL_MEANINGS.items())])
    for competency in competencies:
        label = competency.skill.label
        setattr(Form, f"level_{competency.skill_id}", SelectField(
            label, choices=choices, coerce=_level, validate_choice=False,
            validators=[InputRequired(message=f"Choose a level for {label}."),
                        AnyOf(list(LEVEL_MEANINGS), message=f"Choose a level from 1 to 4 for {label}.")]))
    Form.competencies = tuple(competencies)
    if feedback is not None and "formdata" not in kwargs:
        kwargs.setdefault("data", {
            "decision": feedback.decision.value, "strengths": feedback.strengths, "concerns": feedback.concerns,
            "message_to_candidate": feedback.message_to_candidate, "share_scores": feedback.share_scores,
            "share_decision": feedback.share_decision,
            **{f"level_{score.skill_id}": score.level for score in feedback.scores},
        })
    return Form(**kwargs)

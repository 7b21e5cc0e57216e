"""The participant's rating form: an accessible 1–5 radio group and an optional comment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from cohorts.feedback.services import COMMENT_MAX

RATING_CHOICES = [SelectChoice(1, "1 — Poor"), SelectChoice(2, "2 — Fair"), SelectChoice(3, "3 — Good"),
                  SelectChoice(4, "4 — Very good"), SelectChoice(5, "5 — Excellent")]


class RatingForm(FlaskForm):
    rating = RadioField("How useful was this session?", choices=RATING_CHOICES, coerce=int,
                        validators=[InputRequired("Choose a rating from 1 to 5.")])
    comment = TextAreaField(
        "Comment (optional)", validators=[Length(max=COMMENT_MAX)],
        description="What worked, what could be better. Programme staff read it without your name.",
    )

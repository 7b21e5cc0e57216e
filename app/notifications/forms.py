"""The settings form: an email and a portal checkbox for every kind the person's role may get."""

from __future__ import annotations

from typing import ClassVar

from flask_wtf import FlaskForm
from wtforms import BooleanField

from app.notifications.kinds import KINDS, Kind
from app.notifications.services import Choice


class SettingsForm(FlaskForm):
    """Built per request with the role's kinds (``settings_form``); fields ``email_<kind>``, ``portal_<kind>``."""

    kinds: ClassVar[list[Kind]] = []

    def rows(self) -> list[tuple[Kind, str, BooleanField, BooleanField]]:
        return [(kind, KINDS[kind].label, self[f"email_{kind.value}"], self[f"portal_{kind.value}"])
                for kind in self.kinds]

    def choices(self) -> dict[Kind, Choice]:
        return {kind: Choice(email=bool(email.data), portal=bool(portal.data)) for kind, _, email, portal in self.rows()}


def settings_form(current: dict[Kind, Choice]) -> SettingsForm:
    """A form for these kinds, ticked as the person chose (a POST's own values win)."""
    fields = {}
    for kind in current:
        fields[f"email_{kind.value}"] = BooleanField("By email")
        fields[f"portal_{kind.value}"] = BooleanField("In Bridgework")
    form_class = type("RoleSettingsForm", (SettingsForm,), {**fields, "kinds": list(current)})
    data = {f"{channel}_{kind.value}": getattr(choice, channel)
            for kind, choice in current.items() for channel in ("email", "portal")}
    return form_class(data=data)

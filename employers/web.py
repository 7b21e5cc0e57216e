"""Request plumbing both employer blueprints share: filters, exports, service errors, skill rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import get_template_attribute, jsonify, request
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from app.forms import show_rule_error
from app.models import Skill
from app.skills.vocabulary import find_or_create_skill, search_skills
from app.templating import cached_fragment
from employers import queries
from employers.forms import CompetenciesForm
from employers.services import ServiceError

T = TypeVar("T")


def page_arg() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)



def valid_filters(form) -> dict:
    """The filters that validate; an invalid one shows its error and is ignored, a blank one too (WTForms'
    Optional() lets whitespace through a choice field without checking it: ?kind=%20)."""
    form.validate()
    return {name: field.data for name, field in form._fields.items()
            if field.data not in (None, "", False) and not field.errors
            and not (isinstance(field.data, str) and not field.data.strip())}


def run_service(form, call: Callable[[], T]) -> T | None:
    """Call a service; a ServiceError is shown next to its field (or above the form) and gives None."""
    try:
        return call()
    except ServiceError as error:
        show_rule_error(form, error)
        return None


def resolve_competencies(form: CompetenciesForm) -> list[tuple[Skill, int, str]] | None:
    """The (skill, level, importance) rows of a competencies form, or None after marking bad rows."""
    rows = form.rows_with_skill()
    known = queries.skills_by_keys(row.form.skill.data for row in rows)
    may_add = "add_new_skills" in form
    items, seen, valid = [], set(), True
    for row in rows:
        entry = row.form
        skill = known.get(Skill.key_for(entry.skill.data))
        if skill is None and may_add and form.add_new_skills.data:
            skill = known[Skill.key_for(entry.skill.data)] = find_or_create_skill(entry.skill.data)
        if skill is None:
            close = [s.label for s in search_skills(entry.skill.data, limit=3)]
            hint = f" Did you mean: {', '.join(close)}?" if close else " Try a shorter word."
            how = (" To add it as a new skill, tick “Add skills that are not in the vocabulary yet”." if may_add
                   else " Programme staff can add new skills to it.")
            entry.skill.errors = [f"No skill called “{entry.skill.data}” in the vocabulary.{hint}{how}"]
            valid = False
        elif skill.id in seen:
            entry.skill.errors = [f"{skill.label} is listed twice."]
            valid = False
        else:
            seen.add(skill.id)
            items.append((skill, entry.level.data, entry.importance.data))
    return items if valid else None


def skill_suggestions() -> Any:
    """JSON for the skill picker: [{id, label, kind, esco}] matching ?q=."""
    q = (request.args.get("q") or "")[:100]
    return jsonify([{"id": s.id, "label": s.label, "kind": s.kind.value, "esco": bool(s.esco_uri)}
                    for s in search_skills(q, limit=10)])


def status_select(form_class: type, transitions: dict, status) -> Markup:
    """The ``status`` select of a status form (EmployerStatusForm, NeedStatusForm) offering ``transitions[status]``,
    as macros/forms.html's render_field writes it, rendered once per process and status (no token in it; the page
    writes its form's csrf input): building the form and calling the macro cost ~0.3 ms a detail page. Empty
    markup when the status leads nowhere."""
    def render() -> str:
        form = form_class(meta={"csrf": False})
        form.status.choices = [SelectChoice(s.value, s.label) for s in transitions[status]]
        return get_template_attribute("macros/forms.html", "render_field")(form.status) if form.status.choices else ""
    return cached_fragment(("employers.status_select", form_class.__name__, status.value), render)

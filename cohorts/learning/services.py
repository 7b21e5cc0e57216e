"""The learning library's rules: add, suggest, review, and a participant's progress (flush, never commit)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sqlalchemy import func, select

from app.audit import record_audit
from app.db import flush_unique, utcnow
from app.extensions import db
from app.models import Role, Skill, User
from cohorts.errors import CohortRuleError
from cohorts.learning import notices
from cohorts.models import (
    LearningResource,
    Participant,
    ProgressStatus,
    ResourceFormat,
    ResourceProgress,
    ResourceSkill,
    ResourceStatus,
)

#: a resource rated below this average…
POOR_RATING = 2.5
#: …by at least this many people sinks in the ranking and is flagged for staff review
POOR_RATING_MIN_RATERS = 5
#: the longest comment kept on a rating, in characters
COMMENT_MAX = 2000
#: "Negotiation: 3" — a competency and the level taught, as the forms and the CSV write them
_SKILL_ITEM = re.compile(r"^(?P<label>.+?)\s*[:=]\s*(?P<level>\d)\s*$")


@dataclass
class ResourceFields:
    """What staff, suggesters and the CSV import give for a resource."""

    title: str
    url: str
    provider: str = ""
    format: ResourceFormat | str = ResourceFormat.course
    cost: Decimal | str | int | float = 0
    currency: str = "CAD"
    hours: Decimal | str | int | float | None = None
    language: str = "en"
    #: "Negotiation: 3; Customer service: 2" or [(skill, level)]
    skills: str | list[tuple[Skill, int]] = ""


def parse_skill_levels(text: str) -> list[tuple[Skill, int]]:
    """'Negotiation: 3; Customer service: 2' → [(skill, level)]; refuses unknown skills and levels outside 1–4."""
    pairs: dict[int, tuple[Skill, int]] = {}
    items = [item.strip() for item in re.split(r"[;\n]", text or "") if item.strip()]
    if not items:
        raise CohortRuleError("Name at least one competency it teaches, as “Negotiation: 3”.", "skills")
    for item in items:
        match = _SKILL_ITEM.match(item)
        if match is None:
            raise CohortRuleError(f"“{item}”: write a competency and a level 1–4, as “Negotiation: 3”.", "skills")
        level = int(match["level"])
        if not 1 <= level <= 4:
            raise CohortRuleError(f"“{item}”: the level must be 1 to 4.", "skills")
        skill = db.session.scalar(select(Skill).where(Skill.label_key == Skill.key_for(match["label"])))
        if skill is None:
            raise CohortRuleError(f"“{match['label']}” is not a competency in the vocabulary.", "skills")
        pairs[skill.id] = (skill, max(level, pairs.get(skill.id, (skill, 0))[1]))
    return list(pairs.values())


def skill_levels_text(resource: LearningResource) -> str:
    """The resource's competencies written back in the form's and the CSV's notation."""
    return "; ".join(f"{rs.skill.label}: {rs.level}" for rs in resource.skills)


def clean_fields(fields: ResourceFields) -> dict:
    """Checked column values; each refusal names the field it is about."""
    title = " ".join((fields.title or "").split())
    if not title or len(title) > 200:
        raise CohortRuleError("Give a title of at most 200 characters.", "title")
    url = (fields.url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000 or any(c.isspace() for c in url):
        raise CohortRuleError("Give the full web address, starting with https:// or http://.", "url")
    try:
        kind = ResourceFormat(str(fields.format or "course").strip().lower())
    except ValueError:
        raise CohortRuleError(f"Format must be one of: {', '.join(f.value for f in ResourceFormat)}.", "format")
    try:
        cost = Decimal(str(fields.cost if fields.cost not in (None, "") else 0)).quantize(Decimal("0.01"))
        hours = None if fields.hours in (None, "") else Decimal(str(fields.hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise CohortRuleError("Cost and hours must be numbers.", "cost")
    if not cost.is_finite() or cost < 0 or cost >= Decimal(100000000):
        raise CohortRuleError("The cost must be 0 (free) or more.", "cost")
    if hours is not None and (not hours.is_finite() or hours <= 0 or hours >= Decimal(100000)):
        raise CohortRuleError("Hours must be more than 0 (leave it empty when unknown).", "hours")
    currency = (fields.currency or "CAD").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise CohortRuleError("The currency is a three-letter code, such as CAD.", "currency")
    language = (fields.language or "en").strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", language):
        raise CohortRuleError("The language is a short code, such as en or fr.", "language")
    skills = fields.skills if isinstance(fields.skills, list) else parse_skill_levels(fields.skills)
    return {"title": title, "url": url, "provider": " ".join((fields.provider or "").split())[:200],
            "format": kind, "cost": cost, "currency": currency, "hours": hours, "language": language,
            "skills": skills}


def _set_skills(resource: LearningResource, skills: list[tuple[Skill, int]]) -> None:
    wanted = {skill.id: level for skill, level in skills}
    resource.skills = [rs for rs in resource.skills if rs.skill_id in wanted]
    have = {rs.skill_id: rs for rs in resource.skills}
    for skill, level in skills:
        if skill.id in have:
            have[skill.id].level = level
        else:
            resource.skills.append(ResourceSkill(skill=skill, level=level))


def is_staff(user: User) -> bool:
    return user.role in (Role.staff, Role.admin)


def add_resource(user: User, fields: ResourceFields, *, audited: bool = True) -> LearningResource:
    """A resource added by staff (approved at once, audited) or suggested by anyone else (awaits review)."""
    values = clean_fields(fields)
    skills = values.pop("skills")
    status = ResourceStatus.approved if is_staff(user) else ResourceStatus.suggested
    resource = LearningResource(**values, status=status, suggested_by_id=user.id,
                                approved_by_id=user.id if status == ResourceStatus.approved else None)
    _set_skills(resource, skills)
    db.session.add(resource)
    db.session.flush()
    if audited and status == ResourceStatus.approved:
        record_audit(user, "learning_resource", resource.id, "create", {"title": resource.title})
    if status == ResourceStatus.suggested:
        notices.resource_suggested(resource)
    return resource


def update_resource(user: User, resource: LearningResource, fields: ResourceFields) -> LearningResource:
    """Staff correct a resource; a changed address is checked afresh at the next weekly check."""
    values = clean_fields(fields)
    _set_skills(resource, values.pop("skills"))
    if values["url"] != resource.url:
        resource.link_broken_since = resource.link_checked_at = None
    for name, value in values.items():
        setattr(resource, name, value)
    db.session.flush()
    return resource


_MOVES = {
    "approve": ({ResourceStatus.suggested, ResourceStatus.rejected, ResourceStatus.retired}, ResourceStatus.approved),
    "reject": ({ResourceStatus.suggested}, ResourceStatus.rejected),
    "retire": ({ResourceStatus.approved}, ResourceStatus.retired),
}


def review_resource(user: User, resource: LearningResource, action: str) -> LearningResource:
    """approve, reject or retire a resource (staff), audited old → new status."""
    allowed_from, to = _MOVES[action]
    if resource.status not in allowed_from:
        raise CohortRuleError(f"A {resource.status.value} resource cannot be {to.value} now.")
    before = resource.status
    resource.status, resource.approved_by_id = to, user.id
    if to != ResourceStatus.approved:
        resource.review_flagged_at = None
    db.session.flush()
    record_audit(user, "learning_resource", resource.id, action, {"status": [before.value, to.value]})
    if before == ResourceStatus.suggested:
        notices.resource_reviewed(resource)
    return resource


def keep_resource(user: User, resource: LearningResource) -> LearningResource:
    """Staff looked at a flagged resource and keep it: the review flag is cleared (audited)."""
    if resource.review_flagged_at is None and resource.link_broken_since is None:
        raise CohortRuleError("This resource is not flagged.")
    resource.review_flagged_at = None
    resource.link_broken_since = None
    db.session.flush()
    record_audit(user, "learning_resource", resource.id, "keep", {"flag": "cleared"})
    return resource


def rating_stats(resource_id: int) -> tuple[float | None, int]:
    """(average rating, how many rated) of one resource."""
    average, count = db.session.execute(
        select(func.avg(ResourceProgress.rating), func.count(ResourceProgress.rating))
        .where(ResourceProgress.resource_id == resource_id)
    ).one()
    return (float(average) if average is not None else None), count


def is_poorly_rated(average: float | None, count: int) -> bool:
    return average is not None and count >= POOR_RATING_MIN_RATERS and average < POOR_RATING


def flag_if_poorly_rated(resource: LearningResource, now: datetime | None = None) -> bool:
    """Flag the resource for staff review once its ratings are poor enough; whether it is flagged."""
    if is_poorly_rated(*rating_stats(resource.id)):
        if resource.review_flagged_at is None:
            resource.review_flagged_at = now or utcnow()
        return True
    return resource.review_flagged_at is not None


def _visible_to(resource: LearningResource, progress: ResourceProgress | None) -> None:
    if resource.status != ResourceStatus.approved and progress is None:
        raise CohortRuleError("This resource is not in the library.")


def my_progress(participant: Participant, resource: LearningResource) -> ResourceProgress | None:
    return db.session.scalar(select(ResourceProgress).where(
        ResourceProgress.participant_id == participant.id, ResourceProgress.resource_id == resource.id))


def start_resource(participant: Participant, resource: LearningResource, today: date) -> ResourceProgress:
    """The participant started the resource (again: a done one goes back to started)."""
    progress = my_progress(participant, resource)
    _visible_to(resource, progress)
    with flush_unique(db.session, CohortRuleError("You just marked this resource; reload the page.")):
        if progress is None:
            progress = ResourceProgress(participant=participant, resource=resource, started_on=today)
            db.session.add(progress)
        progress.status, progress.done_on = ProgressStatus.started, None
        progress.started_on = progress.started_on or today
    return progress


def finish_resource(participant: Participant, resource: LearningResource, today: date) -> ResourceProgress:
    """The participant finished the resource (starting it on the way when they had not marked it)."""
    progress = my_progress(participant, resource)
    _visible_to(resource, progress)
    if progress is None or progress.status != ProgressStatus.started:
        progress = start_resource(participant, resource, today)
    progress.status, progress.done_on = ProgressStatus.done, max(today, progress.started_on or today)
    db.session.flush()
    return progress


def rate_resource(participant: Participant, resource: LearningResource, rating: int, comment: str = "",
                  *, now: datetime | None = None) -> ResourceProgress:
    """Rate a resource 1–5 once started; poor ratings from enough people flag it for staff review."""
    progress = my_progress(participant, resource)
    if progress is None:
        raise CohortRuleError("Mark the resource started before you rate it.")
    if rating not in (1, 2, 3, 4, 5):
        raise CohortRuleError("Choose a rating from 1 to 5.", "rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CohortRuleError(f"Keep the comment under {COMMENT_MAX} characters.", "comment")
    progress.rating, progress.comment = rating, comment
    db.session.flush()
    flag_if_poorly_rated(resource, now)
    db.session.flush()
    return progress

"""Skills and occupations: find, create and search the vocabulary."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import EscoOccupation, EscoOccupationSkill, EscoRelation, Skill, SkillKind

#: ESCO's licence asks for this line wherever ESCO labels are shown
ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."


#: file → columns the importer reads (other columns of the official download are ignored)


def find_skill(label: str) -> Skill | None:
    """The skill with this label, compared case- and whitespace-insensitively."""
    return db.session.scalar(select(Skill).where(Skill.label_key == Skill.key_for(label)))


def find_or_create_skill(label: str, kind: SkillKind | str = SkillKind.skill) -> Skill:
    """The vocabulary entry for ``label``, added (and flushed) when it is new."""
    label = " ".join(label.split())
    if not label:
        raise ValueError("A skill needs a label.")
    skill = find_skill(label)
    if skill is None:
        skill = Skill(label=label, label_key=Skill.key_for(label), kind=SkillKind(kind))
        db.session.add(skill)
        db.session.flush()
    return skill


def search_skills(q: str, limit: int = 10) -> list[Skill]:
    """Type-ahead: labels starting with ``q`` first, then labels containing it, shortest first."""
    key = Skill.key_for(q or "")
    if not key:
        return []
    pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    starts = Skill.label_key.like(pattern + "%", escape="\\")
    query = (
        select(Skill)
        .where(or_(starts, Skill.label_key.like("%" + pattern + "%", escape="\\")))
        .order_by(sa.case((starts, 0), else_=1), func.length(Skill.label), Skill.label)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def essential_skills(occupation: EscoOccupation) -> list[Skill]:
    """The skills ESCO marks essential for an occupation, by label."""
    return list(db.session.scalars(
        select(Skill).join(EscoOccupationSkill, EscoOccupationSkill.skill_id == Skill.id)
        .where(EscoOccupationSkill.occupation_id == occupation.id,
               EscoOccupationSkill.relation == EscoRelation.essential)
        .order_by(Skill.label)
    ))


def search_occupations(q: str, limit: int = 15) -> list[EscoOccupation]:
    """ESCO occupations whose label contains ``q``; shortest labels first."""
    key = " ".join((q or "").split()).lower()
    if not key:
        return []
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.session.scalars(
        select(EscoOccupation).where(func.lower(EscoOccupation.label).like(pattern, escape="\\"))
        .order_by(func.length(EscoOccupation.label), EscoOccupation.label).limit(limit)
    ))


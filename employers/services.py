"""Demand-side operations: employers, contacts, discovery interviews and hiring needs.

Every function enforces its rule, flushes and never commits: the route commits once.
A refused change raises ServiceError naming the form field it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import func, or_, select

from app.audit import changed_fields, record_audit
from app.dates import local_today
from app.db import flush_unique, utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import Skill, User
from employers.models import (
    Contact,
    DiscoveryInterview,
    DiscoveryQuestion,
    Employer,
    EmployerStatus,
    HiringNeed,
    HiringNeedSkill,
    HiringNeedStatus,
    Importance,
    InterviewAnswer,
    InterviewFormat,
    InterviewStatus,
)
from employers.notices import events as notices
from employers.question_bank import current_bank_version, ensure_question_bank

#: where an employer may move from each status, in the order the status drop-down offers them (tuples: a set
#: of StrEnums iterates in a different order in each process)
EMPLOYER_TRANSITIONS: dict[EmployerStatus, tuple[EmployerStatus, ...]] = {
    EmployerStatus.prospect: (EmployerStatus.in_discovery, EmployerStatus.inactive),
    EmployerStatus.in_discovery: (EmployerStatus.hiring_partner, EmployerStatus.prospect, EmployerStatus.inactive),
    EmployerStatus.hiring_partner: (EmployerStatus.in_discovery, EmployerStatus.inactive),
    EmployerStatus.inactive: (EmployerStatus.prospect, EmployerStatus.in_discovery, EmployerStatus.hiring_partner),
}

#: draft → open → filled | closed; a filled or closed need can be reopened
NEED_TRANSITIONS: dict[HiringNeedStatus, tuple[HiringNeedStatus, ...]] = {
    HiringNeedStatus.draft: (HiringNeedStatus.open, HiringNeedStatus.closed),
    HiringNeedStatus.open: (HiringNeedStatus.filled, HiringNeedStatus.closed),
    HiringNeedStatus.filled: (HiringNeedStatus.open,),
    HiringNeedStatus.closed: (HiringNeedStatus.open,),
}

EMPLOYER_FIELDS = ("name", "sector", "size_band", "region", "website", "notes")
NEED_FIELDS = ("role_title", "openings", "region", "salary_min", "salary_max", "needed_by",
               "stated_requirements", "non_negotiables")
REF_PREFIX = "HN-"


class ServiceError(RuleError):
    """A demand-side business rule refused the change (see app.errors.RuleError)."""


# --- employers and contacts ------------------------------------------------------------


def _check_employer_name(name: str, exclude_id: int | None = None) -> None:
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Enter the employer's name.", "name")
    # SQLite's lower() folds ASCII only: match the exact name too, or "İ" slips past to the unique key
    query = select(Employer.id).where(or_(Employer.name == name, func.lower(Employer.name) == name.lower()))
    if exclude_id is not None:
        query = query.where(Employer.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ServiceError(f"An employer called “{name}” is already registered.", "name")


def _unique(message: str, field: str):
    """The block's changes, flushed; a unique key another request won the race for is a ServiceError."""
    return flush_unique(db.session, ServiceError(message, field))


def create_employer(actor: User | None, *, name: str, status: EmployerStatus = EmployerStatus.prospect,
                    **fields) -> Employer:
    _check_employer_name(name)
    name = " ".join(name.split())
    with _unique(f"An employer called “{name}” is already registered.", "name"):
        employer = Employer(name=name, status=status,
                            **{k: v if v is not None or k == "size_band" else "" for k, v in fields.items()
                               if k in EMPLOYER_FIELDS})
        db.session.add(employer)
    record_audit(actor, "employer", employer.id, "created", {"name": [None, employer.name]})
    return employer


def update_employer(employer: Employer, actor: User | None, **fields) -> Employer:
    """Change the employer's details (name, sector, size, region, website, notes); audited."""
    if "name" in fields:
        _check_employer_name(fields["name"], exclude_id=employer.id)
        fields["name"] = " ".join(fields["name"].split())
    with _unique("That name is already registered.", "name"):
        for key, value in fields.items():
            if key not in EMPLOYER_FIELDS:
                raise ValueError(f"{key} is not an employer detail")
            setattr(employer, key, value if value is not None or key == "size_band" else "")
        changes = changed_fields(employer)
    if changes:
        record_audit(actor, "employer", employer.id, "updated", changes)
    return employer


def change_employer_status(employer: Employer, status: EmployerStatus | str, actor: User | None) -> Employer:
    """Move the employer along prospect → in_discovery → hiring_partner → inactive; audited."""
    status = EmployerStatus(status)
    if status == employer.status:
        raise ServiceError(f"{employer.name} is already {status.label.lower()}.", "status")
    if status not in EMPLOYER_TRANSITIONS[employer.status]:
        raise ServiceError(f"An employer cannot go from {employer.status.label.lower()} to "
                           f"{status.label.lower()}.", "status")
    old, employer.status = employer.status, status
    db.session.flush()
    record_audit(actor, "employer", employer.id, "status_changed", {"status": [old, status]})
    return employer


def add_contact(employer: Employer, *, name: str, email: str = "", phone: str = "", job_title: str = "",
                is_primary: bool = False) -> Contact:
    email = (email or "").strip().lower()
    if any(c.email == email for c in employer.contacts):
        raise ServiceError(f"{email} is already a contact of {employer.name}." if email else
                           f"{employer.name} already has a contact without an email address: add theirs.", "email")
    with _unique(f"{employer.name} already has a contact with that email address"
                 f"{'' if email else ' (an empty one)'}.", "email"):
        if is_primary:
            for other in employer.contacts:
                other.is_primary = False
        contact = Contact(employer=employer, name=name.strip(), email=email, phone=phone or "",
                          job_title=job_title or "", is_primary=is_primary)
        db.session.add(contact)
    return contact


# --- discovery interviews and the questionnaire ---------------------------------------------


def bank_questions(version: int | None = None) -> list[DiscoveryQuestion]:
    """The questions of a bank version in order, seeding the current bank when it is missing."""
    version = version or current_bank_version()
    questions = list(db.session.scalars(
        select(DiscoveryQuestion).where(DiscoveryQuestion.bank_version == version)
        .order_by(DiscoveryQuestion.position)))
    if not questions and version == current_bank_version():
        questions = ensure_question_bank()
    return questions


def latest_questionnaire(employer_id: int) -> DiscoveryInterview | None:
    """The employer's most recent portal questionnaire, if it has started one."""
    return db.session.scalar(
        select(DiscoveryInterview)
        .where(DiscoveryInterview.employer_id == employer_id,
               DiscoveryInterview.format == InterviewFormat.questionnaire)
        .order_by(DiscoveryInterview.created_at.desc(), DiscoveryInterview.id.desc()).limit(1))


def save_interview_answers(interview: DiscoveryInterview, answers: dict[str, str]) -> None:
    """Store answers given by question key; an emptied answer is removed."""
    questions = {q.key: q for q in bank_questions(interview.bank_version)}
    current = {a.question_id: a for a in interview.answers}
    for key, text in answers.items():
        question = questions.get(key)
        if question is None:
            raise ServiceError(f"There is no question “{key}” in bank version {interview.bank_version}.")
        text = (text or "").strip()
        answer = current.get(question.id)
        if text and answer is None:
            interview.answers.append(InterviewAnswer(question=question, answer=text))
        elif text:
            answer.answer = text
        elif answer is not None:
            interview.answers.remove(answer)
    db.session.flush()


def start_interview(employer: Employer, interviewer: User | None) -> DiscoveryInterview:
    """A draft interview, pre-filled from the employer's latest portal questionnaire."""
    interview = DiscoveryInterview(employer=employer, interviewer=interviewer, held_on=local_today(),
                                   bank_version=current_bank_version(), format=InterviewFormat.video,
                                   status=InterviewStatus.draft)
    db.session.add(interview)
    questionnaire = latest_questionnaire(employer.id)
    if questionnaire is not None and questionnaire.bank_version == interview.bank_version:
        interview.attendees = questionnaire.attendees
        save_interview_answers(interview, {a.question.key: a.answer for a in questionnaire.answers})
    if employer.status == EmployerStatus.prospect:
        change_employer_status(employer, EmployerStatus.in_discovery, interviewer)
    db.session.flush()
    return interview


def update_interview(interview: DiscoveryInterview, *, answers: dict[str, str], held_on: date | None,
                     format: InterviewFormat | str, attendees: str, summary: str,
                     pain_points: Sequence[str], complete: bool = False) -> DiscoveryInterview:
    """Save what was learnt; ``complete`` marks it complete, otherwise it is (back to) a draft."""
    seen: dict[str, str] = {}
    for tag in pain_points:
        seen.setdefault(tag.strip().lower(), tag.strip()[:60])
    interview.held_on, interview.format = held_on, InterviewFormat(format)
    interview.attendees, interview.summary = attendees or "", summary or ""
    interview.pain_points = [tag for key, tag in seen.items() if key]
    save_interview_answers(interview, answers)
    if complete:
        return complete_interview(interview)
    interview.status = InterviewStatus.draft
    db.session.flush()
    return interview


def complete_interview(interview: DiscoveryInterview) -> DiscoveryInterview:
    """Mark the interview complete once it says when it was held and what was learnt."""
    if interview.held_on is None:
        raise ServiceError("Enter the date the interview was held to complete it.", "held_on")
    if not interview.summary.strip():
        raise ServiceError("Write a summary to complete the interview.", "summary")
    interview.status = InterviewStatus.complete
    db.session.flush()
    return interview


def save_questionnaire(employer: Employer, contact: User, answers: dict[str, str], *,
                       send: bool = False) -> DiscoveryInterview:
    """The employer's own answers from the portal; ``send`` tells the programme team they are ready."""
    questionnaire = latest_questionnaire(employer.id)
    if questionnaire is None or questionnaire.bank_version != current_bank_version():
        questionnaire = DiscoveryInterview(employer=employer, format=InterviewFormat.questionnaire,
                                           bank_version=current_bank_version(), status=InterviewStatus.draft)
        db.session.add(questionnaire)
    questionnaire.attendees = f"{contact.display_name} ({contact.email})"
    save_interview_answers(questionnaire, answers)
    questionnaire.status = InterviewStatus.complete if send else InterviewStatus.draft
    if send:
        questionnaire.questionnaire_submitted_at = utcnow()
        notices.questionnaire_sent(questionnaire)
    db.session.flush()
    return questionnaire


# --- hiring needs ------------------------------------------------------------------------


def next_need_ref() -> str:
    """The next free "HN-0001" style reference (numbers keep counting past 9999)."""
    refs = db.session.scalars(
        select(HiringNeed.ref).where(HiringNeed.ref.like(REF_PREFIX + "%"))
        .order_by(func.length(HiringNeed.ref).desc(), HiringNeed.ref.desc()).limit(50))
    numbers = [int(m.group(1)) for ref in refs if (m := re.fullmatch(r"HN-(\d+)", ref))]
    return f"{REF_PREFIX}{max(numbers, default=0) + 1:04d}"


def _check_ref(ref: str, exclude_id: int | None = None) -> None:
    query = select(HiringNeed.id).where(func.lower(HiringNeed.ref) == ref.lower())
    if exclude_id is not None:
        query = query.where(HiringNeed.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise ServiceError(f"The reference {ref} is already used by another hiring need.", "ref")


def _check_need_fields(fields: dict) -> None:
    if not (fields.get("role_title") or "").strip():
        raise ServiceError("Enter the role you are hiring for.", "role_title")
    if (fields.get("openings") or 0) < 1:
        raise ServiceError("Openings must be at least 1.", "openings")
    low, high = fields.get("salary_min"), fields.get("salary_max")
    if low is not None and high is not None and low > high:
        raise ServiceError("The top of the salary range must not be below its bottom.", "salary_max")


def create_hiring_need(employer: Employer, actor: User | None, *, ref: str | None = None,
                       status: HiringNeedStatus | str = HiringNeedStatus.open,
                       source_interview: DiscoveryInterview | None = None, **fields) -> HiringNeed:
    fields = {k: v for k, v in fields.items() if k in NEED_FIELDS}
    fields.setdefault("openings", 1)
    _check_need_fields(fields)
    if ref:
        _check_ref(ref)
    ref = ref or next_need_ref()
    with _unique(f"The reference {ref} was taken a moment ago; please save again.", "ref"):
        need = HiringNeed(employer=employer, ref=ref, status=HiringNeedStatus(status),
                          source_interview=source_interview,
                          **{k: ("" if v is None and k in ("region", "stated_requirements", "non_negotiables")
                                 else v) for k, v in fields.items()})
        db.session.add(need)
    record_audit(actor, "hiring_need", need.id, "created", {"ref": [None, need.ref], "employer": [None, employer.id]})
    notices.need_published(need)
    return need


def update_hiring_need(need: HiringNeed, actor: User | None, *, version: int | None = None,
                       ref: str | None = None, **fields) -> HiringNeed:
    """Change a need's details; ``version`` (from the edit form) refuses to overwrite someone else's edit."""
    if version is not None and int(version) != need.version:
        raise ServiceError("Someone else changed this hiring need while you were editing it. "
                           "Reload the page to see their changes.")
    merged = {k: getattr(need, k) for k in NEED_FIELDS} | {k: v for k, v in fields.items() if k in NEED_FIELDS}
    _check_need_fields(merged)
    if ref and ref != need.ref:
        _check_ref(ref, exclude_id=need.id)
    with _unique(f"The reference {ref or need.ref} is already used by another hiring need.", "ref"):
        if ref:
            need.ref = ref
        for key, value in fields.items():
            if key in NEED_FIELDS:
                setattr(need, key, "" if value is None and key in ("region", "stated_requirements",
                                                                     "non_negotiables") else value)
        changes = changed_fields(need)
    changes.pop("version", None)
    if changes:
        record_audit(actor, "hiring_need", need.id, "updated", changes)
    return need


def set_competencies(need: HiringNeed, items: Iterable[tuple[Skill, int, Importance | str]]) -> HiringNeed:
    """Replace the need's required competencies with (skill, level 1–4, must/nice) triples."""
    wanted: dict[int, tuple[Skill, int, Importance]] = {}
    for skill, level, importance in items:
        if not 1 <= int(level) <= 4:
            raise ServiceError(f"The level of {skill.label} must be between 1 and 4.")
        if skill.id in wanted:
            raise ServiceError(f"{skill.label} is listed twice.")
        wanted[skill.id] = (skill, int(level), Importance(importance))
    for competency in list(need.competencies):
        if competency.skill_id not in wanted:
            need.competencies.remove(competency)
        else:
            _, competency.level, competency.importance = wanted.pop(competency.skill_id)
    for skill, level, importance in wanted.values():
        need.competencies.append(HiringNeedSkill(skill=skill, level=level, importance=importance))
    db.session.flush()
    return need


def add_competencies(need: HiringNeed, skills: Iterable[Skill], level: int = 2,
                     importance: Importance | str = Importance.must) -> int:
    """Add the skills the need does not list yet (e.g. an ESCO occupation's essentials); returns how many."""
    present = {c.skill_id for c in need.competencies}
    added = [s for s in skills if s.id not in present]
    set_competencies(need, [(c.skill, c.level, c.importance) for c in need.competencies]
                     + [(s, level, importance) for s in added])
    return len(added)


def choose_occupation(need: HiringNeed, occupation) -> None:
    """Record the ESCO occupation the need was described from."""
    need.esco_occupation = occupation
    db.session.flush()


def need_from_answer(interview: DiscoveryInterview, question_key: str, actor: User | None) -> HiringNeed:
    """A draft hiring need from one interview answer, linked back to the interview."""
    answers = {a.question.key: a for a in interview.answers}
    answer = answers.get(question_key)
    if answer is None or not answer.answer.strip():
        raise ServiceError("That question has no answer to turn into a hiring need.")
    first_line = re.split(r"[\n.;]", answer.answer.strip(), maxsplit=1)[0].strip(" ,-:") or answer.answer.strip()
    non_negotiables = answers.get("non_negotiables")
    held = interview.held_on.isoformat() if interview.held_on else "the questionnaire"
    return create_hiring_need(
        interview.employer, actor, status=HiringNeedStatus.draft, source_interview=interview,
        role_title=first_line[:200], region=interview.employer.region,
        stated_requirements=f"From the discovery interview ({held}), “{answer.question.text}”: {answer.answer}",
        non_negotiables=non_negotiables.answer if non_negotiables else "",
    )


def submit_need_for_review(need: HiringNeed, actor: User | None) -> HiringNeed:
    """An employer's draft goes to the programme team, who open it once it is clear."""
    if need.status != HiringNeedStatus.draft:
        raise ServiceError("Only a draft can be submitted for review.")
    if not need.competencies:
        raise ServiceError("Add at least one competency before submitting the need.")
    need.submitted_at = utcnow()
    db.session.flush()
    record_audit(actor, "hiring_need", need.id, "submitted", {"submitted_at": [None, need.submitted_at]})
    notices.need_submitted(need)
    return need


def change_need_status(need: HiringNeed, status: HiringNeedStatus | str, actor: User | None) -> HiringNeed:
    status = HiringNeedStatus(status)
    if status not in NEED_TRANSITIONS[need.status]:
        raise ServiceError(f"A {need.status.label.lower()} hiring need cannot become {status.label.lower()}.",
                           "status")
    old, need.status = need.status, status
    db.session.flush()
    record_audit(actor, "hiring_need", need.id, "status_changed", {"status": [old, status]})
    notices.need_status_changed(need, old)
    return need

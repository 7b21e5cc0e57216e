"""The staff participant page's sections read in one UNION ALL (record.py, record_work.py) and its longest rows
written in Python (staff_views._record_rows): on a record with several items in every section, the rows, their
order and the markup the templates' Jinja loops gave, escaping and all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.dates import local_today
from app.extensions import db
from app.models import Role
from cohorts.inwork import services as inwork
from cohorts.models import (
    ApplicationStage,
    AssessmentStage,
    CandidacyStage,
    CheckInChannel,
    EnrolmentStatus,
    JobEndReason,
    LaterJob,
    ProgressStatus,
    StillEmployed,
)
from cohorts.participants.queries import participant_detail
from cohorts.participants.record import record_sections
from cohorts.participants.record_work import RECENT, in_work_section, work_history_section
from tests import factories as f
from tests.cohorts.inwork.helpers import WORRYING, check_in
from tests.cohorts.jobsearch.conftest import make_posting, make_saved, make_source

#: the placements section's loop before it was written in Python (templates/cohorts/participants/detail.html)
JINJA_PLACEMENTS = """\
{% for pl in placements %}
<section class="card" aria-labelledby="placement-{{ pl.id }}">
  <h3 id="placement-{{ pl.id }}"><a href="{{ record_url('cohorts_staff.placement_detail', placement_id=pl.id) }}">\
{{ pl.role_title }} at {{ pl.employer_name }}</a></h3>
  <p>Started {{ pl.start_date|date }}{% if pl.annual_salary %} · {{ pl.annual_salary|money }} a year{% endif %}</p>
  {% if pl.retention_checks %}
  <ul>
  {% for rc in pl.retention_checks %}
    <li>Day {{ rc.day_mark }} check, due {{ rc.due_on|date }}: {% if rc.checked_on %}{{ status_badge(rc.still_employed) }} \
on {{ rc.checked_on|date }}{% else %}not yet recorded{% endif %}</li>
  {% endfor %}
  </ul>
  {% endif %}
</section>
{% endfor %}
"""

#: the work history's loops (templates/cohorts/placements/_work_history.html)
JINJA_JOBS = """\
  {% for job in work_history.jobs %}
    <tr>
      <td>{{ job.role_title }} ({{ "placement " ~ job.placement_ref if job.placement_id else "later job" }})</td>
      <td>{{ job.employer_name }}</td>
      <td>{{ job.started_on|date }}</td>
      <td>{% if job.ended_on %}{{ job.ended_on|date }} ({{ job.end_reason|humanize }}){% else %}still in it{% endif %}</td>
      <td>{% if job.annual_salary %}{{ job.annual_salary|money(job.currency or None) }}{% else %}—{% endif %}</td>
      <td>{% if job.placement_id %}<a href="{{ record_url('cohorts_staff.end_placement_view', placement_id=job.placement_id) }}">\
{{ "Change the end" if job.ended_on else "End this job" }}<span class="visually-hidden"> ({{ job.placement_ref }})</span></a>\
{% else %}<a href="{{ record_url('cohorts_staff.edit_later_job', job_id=job.later_job_id) }}">Change or end\
<span class="visually-hidden"> ({{ job.role_title }})</span></a>{% endif %}</td>
    </tr>
  {% endfor %}
"""
JINJA_SALARIES = """\
  {% for point in work_history.salaries %}
    <tr><td>{{ point.placement_ref }}</td><td>{{ "Start" if point.week == 0 else "Week " ~ point.week }}\
{% if point.reported_on %} ({{ point.reported_on|date }}){% endif %}</td><td>{{ point.annual_salary|money(point.currency or None) }}</td></tr>
  {% endfor %}
"""


def _rich_record():
    """A participant with several items in every section, texts that need escaping among them."""
    coach = f.user_for_role(Role.staff)
    person = f.ParticipantFactory(coach=coach, first_name="Zoë", last_name="O'Brien")
    cohorts = [f.CohortFactory(code=f"C&{n}", starts_on=date(2026, 1, 5 + n)) for n in range(3)]
    for cohort, status in zip(cohorts, (EnrolmentStatus.enrolled, EnrolmentStatus.completed, EnrolmentStatus.applied)):
        f.EnrolmentFactory(participant=person, cohort=cohort, status=status)
    skills = [f.SkillFactory(label=label) for label in ("R&D <basics>", "Closing", "Cold calling", "Demos")]
    for skill, level in zip(skills, (3, 2, 4, 1)):
        f.ModuleSkillFactory(module=f.ModuleFactory(cohort=cohorts[0]), skill=skill, level=level)
    need = f.HiringNeedFactory(role_title="Closer <senior>", employer=f.EmployerFactory(name="Sales & Co"))
    f.CohortHiringNeedFactory(cohort=cohorts[0], hiring_need=need)
    f.HiringNeedSkillFactory(hiring_need=need, skill=skills[0], level=2)
    f.HiringNeedSkillFactory(hiring_need=need, skill=skills[2], level=4)
    for skill, baseline, exit_ in zip(skills, (0, 1, 2, None), (3, 1, None, None)):
        for stage, level in ((AssessmentStage.baseline, baseline), (AssessmentStage.exit, exit_)):
            if level is not None:
                f.SkillAssessmentFactory(participant=person, skill=skill, stage=stage, level=level)
    now = datetime(2026, 6, 1, 12, tzinfo=UTC)
    for n, stage in enumerate((CandidacyStage.hired, CandidacyStage.introduced, CandidacyStage.not_selected)):
        f.CandidacyFactory(participant=person, stage=stage, stage_changed_at=now - timedelta(days=n),
                           hiring_need=f.HiringNeedFactory(role_title=f"Role <{n}>"))
    source = make_source()
    for n, stage in enumerate((ApplicationStage.hired, ApplicationStage.applied, ApplicationStage.saved)):
        make_saved(person, make_posting([source], title=f"Posting & {n}", employer_name="Acme <Sales>"), stage=stage,
                   applied_on=date(2026, 5, 1 + n) if n < 2 else None, notes="Keen" * n,
                   stage_changed_at=now - timedelta(days=(n * 7) % 5))
    for n, status in enumerate((ProgressStatus.done, ProgressStatus.started, ProgressStatus.started)):
        f.ResourceProgressFactory(participant=person, status=status, rating=n + 3 if n == 0 else None,
                                  comment="Useful & short" if n == 0 else "",
                                  resource=f.LearningResourceFactory(title=f"Course <{n}>"))
    authors = [coach, f.UserFactory(full_name=""), None]
    for n, author in enumerate(authors):
        f.CaseNoteFactory(participant=person, author=author, body=f"Note <{n}> & more",
                          written_at=now - timedelta(days=1 if n < 2 else 3))
    today = local_today()
    first = f.PlacementFactory(participant=person, cohort=cohorts[1], role_title="SDR & <lead>", annual_salary=41000,
                               start_date=today - timedelta(days=200), ended_on=today - timedelta(days=20),
                               end_reason=JobEndReason.moved_job, employer=f.EmployerFactory(name="O'Neil & Sons"))
    second = f.PlacementFactory(participant=person, cohort=cohorts[1], annual_salary=None,
                                start_date=today - timedelta(days=60))
    f.PlacementFactory(participant=person, cohort=cohorts[1], role_title="Voided", voided_at=now)
    f.RetentionCheckFactory(placement=first, day_mark=180, checked_on=today - timedelta(days=15),
                            still_employed=StillEmployed.no)
    f.RetentionCheckFactory(placement=first, day_mark=90, checked_on=today - timedelta(days=100),
                            still_employed=StillEmployed.yes)
    f.RetentionCheckFactory(placement=second, day_mark=90)
    db.session.add_all([
        LaterJob(participant=person, role_title="Analyst <II>", employer_name="Elsewhere & Co",
                 started_on=today - timedelta(days=19), annual_salary=47000, placement_id=first.id),
        LaterJob(participant=person, role_title="Temp", employer=f.EmployerFactory(name="Known Employer"),
                 started_on=today - timedelta(days=300), ended_on=today - timedelta(days=250),
                 end_reason=JobEndReason.contract_ended),
    ])
    for week in range(1, RECENT + 3):
        answered = check_in(first if week % 2 else second, week)
        if week in (2, 3):
            inwork.answer_check_in(answered, CheckInChannel.portal, annual_salary=43000 + week, **WORRYING)
    db.session.commit()
    return person


def _markup(app, source: str, **context) -> str:
    return app.jinja_env.from_string(source).render(**context)


def test_the_changed_rows_are_the_markup_of_the_template_loops(app, client, login):
    person = _rich_record()
    login(Role.admin)
    html = client.get(f"/staff/participants/{person.id}").text
    with app.test_request_context():
        detail = participant_detail(person.id, f.user_for_role(Role.admin), local_today())
        skills = app.jinja_env.get_template("cohorts/participants/_skills.html").render(progress=detail["progress"])
        expected = {
            "skills": skills.split("<tbody>\n", 1)[1].split("  </tbody>", 1)[0],
            "jobs": _markup(app, JINJA_JOBS, work_history=detail["work_history"]),
            "salaries": _markup(app, JINJA_SALARIES, work_history=detail["work_history"]),
            "placements": _markup(app, JINJA_PLACEMENTS, placements=detail["placements"]),
        }
    for name, rows in expected.items():
        assert rows.count("<tr>") + rows.count("<section") >= 2, name  # several items each
        assert rows in html, name
    assert "R&amp;D &lt;basics&gt;" in expected["skills"] and "SDR &amp; &lt;lead&gt;" in expected["placements"]
    assert "Analyst &lt;II&gt;" in expected["jobs"] and "Week 3" in expected["salaries"]


def test_every_section_reads_its_rows_in_its_own_order():
    person = _rich_record()
    sections = record_sections(person.id, marks=[], assessments=[])
    enrolments = sorted(person.enrolments, key=lambda e: e.cohort_id)
    assert [(e.cohort_id, e.cohort_code, e.status, e.enrolled_on) for e in sections["enrolments"]] == [
        (e.cohort_id, e.cohort.code, e.status, e.enrolled_on) for e in enrolments]
    assert [(a.role_title, a.stage) for a in sections["applications"]] == [
        ("Role <0>", CandidacyStage.hired), ("Role <1>", CandidacyStage.introduced),
        ("Role <2>", CandidacyStage.not_selected)]
    jobs = sections["job_applications"]  # most recently moved first
    assert [(j.title, j.stage, j.applied_on, j.notes) for j in jobs] == [
        ("Posting & 0", ApplicationStage.hired, date(2026, 5, 1), ""),
        ("Posting & 1", ApplicationStage.applied, date(2026, 5, 2), "Keen"),
        ("Posting & 2", ApplicationStage.saved, None, "KeenKeen")]
    assert [(row.title, row.status, row.rating, row.comment) for row in sections["learning"]] == [
        ("Course <2>", ProgressStatus.started, None, ""), ("Course <1>", ProgressStatus.started, None, ""),
        ("Course <0>", ProgressStatus.done, 3, "Useful & short")]
    notes = sections["case_notes"]  # newest first, then by id
    assert [n.body for n in notes] == ["Note <0> & more", "Note <1> & more", "Note <2> & more"]
    assert notes[0].author_name == person.coach.display_name and "@" in notes[1].author_name
    assert notes[2].author_name is None
    placements = sections["placements"]
    assert [p.role_title for p in placements] == ["SDR & <lead>", "Sales Development Representative"]
    assert [(c.day_mark, c.still_employed) for c in placements[0].retention_checks] == [
        (90, StillEmployed.yes), (180, StillEmployed.no)]
    history = sections["work_history"]
    assert [(j.role_title, j.end_reason) for j in history["jobs"]] == [
        ("Temp", JobEndReason.contract_ended), ("SDR & <lead>", JobEndReason.moved_job),
        ("Sales Development Representative", None), ("Analyst <II>", None)]
    assert history["jobs"][0].employer_name == "Known Employer" and history["jobs"][3].currency
    assert [(s.week, s.annual_salary) for s in history["salaries"]] == [(0, 41000), (3, 43003), (2, 43002)]
    assert history == work_history_section(person.id)
    in_work = sections["in_work"]
    assert in_work == in_work_section(person.id)
    # the latest due first: the second placement's (started later), then the first's
    assert [c.week for c in in_work["check_ins"]] == [6, 4, 2, 7, 5]
    assert sorted(flag.week for flag in in_work["open_flags"]) == [2, 3]
    assert all(flag.reasons and flag.score for flag in in_work["open_flags"])

"""The demo's traces of everyday use: session ratings, CVs, and the CRM's activities and follow-ups.

Called by cohorts.seed.extras.build with the demo builder (cohorts/seed/demo.py), whose sessions, enrolments,
participants, employers and staff it reuses. Built straight from models like the rest of the demo,
within the rules the services apply (a rating only from someone not marked absent, one shared CV per
person, activities in the past); varied by demo.rng, so two loads on a day are identical.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.dates import at_local_time
from app.db import utcnow
from app.extensions import db
from cohorts.models import Attendance, AttendanceStatus, DocumentKind, ParticipantDocument, SessionRating
from cohorts.seed import demo_data as data
from employers.crm.models import Activity, ActivityKind, FollowUp

#: the share of attended sessions a participant rates, and the ratings drawn (mostly good)
RATED_SHARE = 0.35
RATINGS = (5, 5, 5, 4, 4, 4, 4, 3, 3, 2)
COMMENTS = (
    "The role-play on objection handling was the most useful hour so far.",
    "Too much content for one afternoon; the slides would help beforehand.",
    "Great to hear how a real sales team qualifies leads.",
    "The CRM exercise finally made pipeline stages click for me.",
    "Audio kept cutting out in the online room.",
    "Loved the mock calls with feedback from the employer.",
)
#: participants (by index in demo.participants) with a CV; the demo participant login is index 0
CV_HOLDERS = (0, 1, 3, 30, 31)
#: employer, days ago, hour, kind, notes; the contact is the employer's first, the author alternates
ACTIVITIES = (
    ("Northwind Analytics", 40, 10, "meeting", "Quarterly review of the SDR hires; asked for 3 more next cohort."),
    ("Northwind Analytics", 12, 15, "call", "Confirmed the guest session on discovery calls."),
    ("Northwind Analytics", 3, 11, "email", "Sent the training cohort's mid-point progress summary."),
    ("Maple Ledger Software", 25, 14, "event", "Met their BDR leads at the Toronto sales meetup."),
    ("Maple Ledger Software", 6, 9, "call", "They may host a mock-interview evening."),
    ("Prairie Cloud Systems", 70, 13, "meeting", "Walked through the curriculum against their needs."),
    ("Harbourline Logistics", 18, 16, "email", "Shared the cohort dates for Vancouver candidates."),
    ("Lumen Health Tech", 9, 10, "note", "Bilingual reps remain their main gap; flag French speakers."),
)
#: employer, days from today (negative: overdue), owner ("designer" or "coach"), what to do
FOLLOW_UPS = (
    ("Maple Ledger Software", -4, "designer", "Send the mock-interview evening proposal"),
    ("Northwind Analytics", 2, "coach", "Book the next quarterly review"),
    ("Prairie Cloud Systems", 9, "designer", "Ask whether the Calgary openings are still open"),
)


def build(demo: Any) -> None:
    db.session.flush()  # attendance is read back by session and participant id
    _ratings(demo)
    _cvs(demo)
    _crm(demo)


def _at(day: date, hour: int) -> datetime:
    return at_local_time(day, time(hour), data.DEMO_TIME_ZONE).astimezone(UTC)


def _ratings(demo: Any) -> None:
    """Ratings from those present at past sessions of the closed and running cohorts; the demo
    participant rates all but their latest session, which stays open for them to try."""
    rng = demo.rng("ratings")
    for key in ("closed", "training"):
        sessions = [s for s in demo.sessions[key] if s.starts_at.date() < demo.today]
        present = set(db.session.execute(sa.select(Attendance.session_id, Attendance.participant_id).where(
            Attendance.session_id.in_([s.id for s in sessions]), Attendance.status != AttendanceStatus.absent)))
        for enrolment in demo.enrolments[key]:
            participant = enrolment.participant
            attended = [s for s in sessions if (s.id, participant.id) in present]
            demo_login = participant is demo.participants[0]
            for session in attended[:-1] if demo_login else attended:
                if not demo_login and rng.random() >= RATED_SHARE:
                    continue
                comment = rng.choice(COMMENTS) if rng.random() < 0.12 else ""
                rated_at = min(session.ends_at + timedelta(hours=rng.randint(1, 48)), utcnow())
                demo.add(SessionRating(participant=participant, session=session, rating=rng.choice(RATINGS),
                                       comment=comment, created_at=rated_at, updated_at=rated_at))


def cv_pdf(name: str, version: int) -> bytes:
    """A one-page PDF naming the person (valid: cross-reference table and all), built in memory."""
    text = f"{name} - CV version {version}".replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
         b"/Contents 5 0 R >>"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _cvs(demo: Any) -> None:
    """A CV for a few participants, the demo login with two versions; the latest one is shared."""
    for n, index in enumerate(CV_HOLDERS):
        participant = demo.participants[index]
        versions = 2 if index == 0 else 1
        for version in range(1, versions + 1):
            pdf = cv_pdf(participant.full_name, version)
            demo.add(ParticipantDocument(
                participant=participant, kind=DocumentKind.cv, version=version, content_type="application/pdf",
                filename=f"{participant.first_name}-{participant.last_name}-CV-v{version}.pdf".replace(" ", "-"),
                size=len(pdf), data=pdf, shared=version == versions,
                created_at=_at(demo.today - timedelta(days=30 - 10 * version - n), 19)))


def _crm(demo: Any) -> None:
    """Activities with the demo employers, a relationship manager for each, and open follow-ups: one
    overdue for the designer, one due in two days for the coach."""
    staff = {"designer": demo.designer, "coach": demo.coach}
    for n, (name, days_ago, hour, kind, notes) in enumerate(ACTIVITIES):
        employer = demo.employers[name]
        author = demo.designer if n % 2 == 0 else demo.coach
        employer.owner = employer.owner or author
        demo.add(Activity(employer=employer, contact=employer.contacts[0] if employer.contacts else None,
                          kind=ActivityKind(kind), occurred_at=_at(demo.today - timedelta(days=days_ago), hour),
                          notes=notes, staff=author))
    for name, days, owner, text in FOLLOW_UPS:
        planned = _at(demo.today - timedelta(days=max(7, 7 - days)), 12)
        demo.add(FollowUp(employer=demo.employers[name], owner=staff[owner], due_on=demo.today + timedelta(days=days),
                          text=text, created_at=planned, updated_at=planned))
    done = _at(demo.today - timedelta(days=5), 16)
    demo.add(FollowUp(employer=demo.employers["Northwind Analytics"], owner=demo.designer, text="Send the cohort dates",
                      due_on=demo.today - timedelta(days=6), done_at=done,
                      created_at=done - timedelta(days=10), updated_at=done))

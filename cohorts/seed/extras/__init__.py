"""What the demo holds beyond the core loop: ratings, CVs, CRM, interview days, mentors, learning, jobs, referrals.

Called at the end of the demo's build with the builder (cohorts/seed/demo.py), whose people, needs
and cohorts it reuses; like the rest of the demo it flushes, never commits.
"""

from __future__ import annotations

from typing import Any

from cohorts.seed.extras import activity, interviews, jobs, jobsearch, learning, mentoring, referrals
from cohorts.seed.extras import coaching, inwork, talent, work_history


def build(demo: Any) -> None:
    activity.build(demo)
    interviews.build(demo)
    mentoring.build(demo)
    learning.build(demo)  # the learning library, its ratings, a suggestion and the flags
    referrals.build(demo)
    jobs.build(demo)  # two job sources served by the demo itself (employers/jobs/demo_feeds.py)
    jobsearch.build(demo)  # after jobs: saved jobs, and a stalled application for the caseload
    talent.build(demo)  # anonymous talent profiles and a reach-out awaiting Amara's answer
    work_history.build(demo)  # an ended placement, a later job, salaries at check-ins
    inwork.build(demo)  # in-work check-ins: a week-1 check-in due, a worrying answer flagged
    coaching.build(demo)  # coach profiles (sectors, capacity) and equality data

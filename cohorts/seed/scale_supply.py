"""The supply side of the national-scale programme: cohorts, sessions, participants, attendance, placements.

`SupplyBuilder` is mixed into the builder in `cohorts.seed.scale`; it runs after `DemandBuilder`, whose
employers, hiring needs and skills each cohort is designed from.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from cohorts.seed import demo_data as data
from cohorts.seed.scale_demand import EMAIL_DOMAIN, PROGRAMME_SECTORS, PROGRAMMES, PROVINCES, ROLES, ascii_fold

SESSIONS_PER_COHORT = 20
MODULES_PER_COHORT = 6
DEMAND_PER_COHORT = 8


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def at_hour(day: date, hour: int) -> datetime:
    """That day at that hour (naive, as the bulk writer stores it)."""
    return datetime(day.year, day.month, day.day, hour)


class SupplyBuilder:
    """Cohorts built on the hiring needs, the people in them, and what came of it."""

    # --- cohorts ---------------------------------------------------------------------

    def cohort_plan(self) -> list[tuple[date, str]]:
        """(first Monday, status) per cohort: most closed, a few placing, training and upcoming."""
        n = self.sizes.cohorts
        upcoming = max(1, round(n * 0.03))
        training = max(1, round(n * 0.04))
        placing = round(n * 0.05) if n >= 20 else 0
        closed = max(1, n - upcoming - training - placing)
        monday = _monday(self.today)
        plan = [(monday - timedelta(days=161 + 7 * (k * 260 // closed)), "closed") for k in range(closed)]
        plan += [(monday - timedelta(days=77 + 7 * (k % 12)), "placement") for k in range(placing)]
        plan += [(monday - timedelta(days=7 * (1 + k % 9)), "training") for k in range(training)]
        plan += [(monday + timedelta(days=14 + 7 * k), "recruiting" if k % 2 == 0 else "design")
                 for k in range(n - closed - placing - training)]
        return sorted(plan)

    def cohorts(self) -> None:
        plan = self.cohort_plan()
        cohort_base, module_base, session_base = (self.out.base_id(t) for t in ("cohorts", "modules", "sessions"))
        self.cohort_ids, self.cohort_status, self.cohort_dates, self.cohort_programme = [], {}, {}, {}
        self.cohort_needs, self.cohort_skills, self.cohort_sessions = {}, {}, {}
        cohorts, demand, consortium, modules, module_skills, sessions = [], [], [], [], [], []
        open_needs = list(self.need_ids)
        self.rng.shuffle(open_needs)
        numbers: dict[str, int] = {}
        for k, (starts_on, status) in enumerate(plan):
            cid = cohort_base + k + 1
            programme = k % len(PROGRAMMES)
            ends_on = starts_on + timedelta(days=9 * 7 + 4)
            region = PROVINCES[k % len(PROVINCES)]
            stem = f"N{programme + 1}-{starts_on.year}"
            numbers[stem] = numbers.get(stem, 0) + 1
            code = f"{stem}-{numbers[stem]:03d}"
            self.cohort_ids.append(cid)
            self.cohort_status[cid], self.cohort_dates[cid] = status, (starts_on, ends_on)
            self.cohort_programme[cid] = self.programme_ids[programme]
            needs = sorted(open_needs[(k * DEMAND_PER_COHORT) % len(open_needs):][:DEMAND_PER_COHORT])
            self.cohort_needs[cid] = needs
            cohorts.append((cid, code, self.programme_ids[programme],
                            f"{PROGRAMMES[programme][0]} {region.split(' ')[0]}, {starts_on:%B %Y}",
                            region, starts_on, ends_on, 200, status,
                            f"Designed from {len(needs)} hiring needs of its consortium.", self.token()))
            demand.extend((cid, nid) for nid in needs)
            employers = list(dict.fromkeys(self.need_employer[nid] for nid in needs))
            consortium.extend((cid, eid, 1 if m < 2 else 0, 2) for m, eid in enumerate(employers))
            taught = self.rng.sample(self.skill_ids, 12)
            self.cohort_skills[cid] = taught
            module_ids = []
            for m in range(MODULES_PER_COHORT):
                mid = module_base + k * MODULES_PER_COHORT + m + 1
                module_ids.append(mid)
                modules.append((mid, cid, m + 1, f"Module {m + 1}: {ROLES[(k + m) % len(ROLES)]} skills", 6))
                module_skills.extend((mid, skill, 2 + (m + j) % 3) for j, skill in enumerate(taught[2 * m:2 * m + 2]))
            online = region.startswith("Online")
            place = f"https://meet.example/{code.lower()}" if online else f"Bridgework studio, {region}"
            facilitator = self.coach_ids[k % len(self.coach_ids)]
            self.cohort_sessions[cid] = []
            for n in range(SESSIONS_PER_COHORT):
                sid = session_base + k * SESSIONS_PER_COHORT + n + 1
                day = starts_on + timedelta(days=7 * (n // 2) + (1 if n % 2 == 0 else 3))
                module, employer, kind, title = module_ids[n * MODULES_PER_COHORT // SESSIONS_PER_COHORT], None, "training", ""
                if n in (0, SESSIONS_PER_COHORT - 1):
                    module, kind = None, "assessment"
                    title = "Baseline skills assessment" if n == 0 else "Exit skills assessment"
                elif n in (7, 13):
                    module, employer = None, employers[(n // 7 - 1) % len(employers)]
                    kind, title = ("employer_session", "Employer session") if n == 7 else ("mock_interview", "Mock interviews")
                else:
                    title = f"Module {(n * MODULES_PER_COHORT // SESSIONS_PER_COHORT) + 1} session"
                sessions.append((sid, f"{code}-S{n + 1:02d}", cid, module, title, kind, at_hour(day, 14),
                                 at_hour(day, 17), place, employer, facilitator,
                                 f"{code}-{'tue' if n % 2 == 0 else 'thu'}" if kind == "training" else None))
                self.cohort_sessions[cid].append((sid, day, facilitator))
        self.out.write("cohorts", ("id", "code", "programme_id", "name", "region", "starts_on", "ends_on",
                                   "capacity", "status", "description", "feed_token"), cohorts)
        self.out.write("cohort_hiring_needs", ("cohort_id", "hiring_need_id"), demand)
        self.out.write("consortium_members", ("cohort_id", "employer_id", "co_delivery_sessions",
                                              "interviews_guaranteed"), consortium)
        self.out.write("modules", ("id", "cohort_id", "position", "title", "hours"), modules)
        self.out.write("module_skills", ("module_id", "skill_id", "level"), module_skills)
        self.out.write("sessions", ("id", "ref", "cohort_id", "module_id", "title", "kind", "starts_at",
                                    "ends_at", "location", "employer_id", "facilitator_id", "series_id"),
                       sessions)

    # --- people ----------------------------------------------------------------------

    def participants(self) -> None:
        n = self.sizes.participants
        base = self.out.base_id("participants")
        self.participant_ids = list(range(base + 1, base + n + 1))
        consent = self.np.random(n) < 0.8
        coach = self.np.integers(0, len(self.coach_ids), n)
        self.participant_coach = {}
        rows, notes = [], []
        note_base = self.out.base_id("case_notes")
        for k, pid in enumerate(self.participant_ids):
            first, last = data.FIRST_NAMES[k % 30], data.LAST_NAMES[(k // 30 + k) % 30]
            region = PROVINCES[self.rng.randrange(len(PROVINCES) - 1)]
            coach_id = self.coach_ids[int(coach[k])]
            self.participant_coach[pid] = coach_id
            shares = bool(consent[k])
            rows.append((pid, first, last, f"{ascii_fold(first)}.{ascii_fold(last)}.{k + 1}@{EMAIL_DOMAIN}",
                         f"416-555-{k % 10000:04d}", region, data.REFERRAL_SOURCES[k % 8],
                         data.NEEDS[k % 7], data.BARRIERS[k % 8], data.STRENGTHS[k % 9],
                         data.INTERESTS[k % 7], data.GOALS[k % 6], f'["{data.LIFE_AREAS[k % 8]}"]',
                         coach_id, self.participant_user_ids[k] if k < len(self.participant_user_ids) else None,
                         shares, self.stamp - timedelta(days=200) if shares else None, self.token()))
            if k % 5 == 0:
                notes.append((note_base + len(notes) + 1, pid, coach_id,
                              self.stamp - timedelta(days=k % 90), data.CASE_NOTES[k % len(data.CASE_NOTES)][2]))
        self.out.write("participants", ("id", "first_name", "last_name", "email", "phone", "region",
                                        "referral_source", "needs", "barriers", "strengths", "interests",
                                        "goals", "key_life_areas", "coach_id", "user_id", "consent_to_share",
                                        "consent_changed_at", "feed_token"), rows)
        self.out.write("case_notes", ("id", "participant_id", "author_id", "written_at", "body"), notes)

    def enrolments(self) -> None:
        """Each participant takes one cohort that has started; a few also apply to an upcoming one."""
        running = [cid for cid in self.cohort_ids if self.cohort_status[cid] in ("closed", "placement", "training")]
        upcoming = [cid for cid in self.cohort_ids if cid not in running]
        order = list(self.participant_ids)
        self.rng.shuffle(order)
        base = self.out.base_id("enrolments")
        rows = []
        self.enrolment = {}  # participant → (cohort, status, exited_on)
        for k, pid in enumerate(order):
            cid = running[k % len(running)]
            starts_on, ends_on = self.cohort_dates[cid]
            roll = self.rng.random()
            exited_on, reason, exclusion, job_seeking = None, "", None, True
            if self.cohort_status[cid] == "training":
                status = "withdrawn" if roll < 0.05 else "enrolled"
            else:
                status = "withdrawn" if roll < 0.12 else "completed"
                exited_on = ends_on
                job_seeking = roll < 0.97
            if status == "withdrawn":
                exited_on = starts_on + timedelta(days=self.rng.randint(7, 40))
                exited_on = min(exited_on, self.today)
                reason = "Took a job elsewhere" if roll < 0.03 else "Personal circumstances"
                exclusion = "serious_illness" if roll < 0.005 else None
            self.enrolment[pid] = (cid, status, exited_on)
            rows.append((base + len(rows) + 1, pid, cid, status, starts_on - timedelta(days=30), starts_on,
                         exited_on, reason, job_seeking, exclusion))
            if upcoming and k % 50 == 0:
                later = upcoming[k % len(upcoming)]
                rows.append((base + len(rows) + 1, pid, later, "applied" if k % 100 else "accepted",
                             self.today - timedelta(days=3), None, None, "", True, None))
        self.out.write("enrolments", ("id", "participant_id", "cohort_id", "status", "applied_on",
                                      "enrolled_on", "exited_on", "withdrawal_reason", "job_seeking",
                                      "exclusion_reason"), rows)

    def attendance(self) -> None:
        """Every past session of a participant's cohort, until they left it."""
        by_cohort: dict[int, list[int]] = {}
        for pid, (cid, _, _) in self.enrolment.items():
            by_cohort.setdefault(cid, []).append(pid)
        statuses = ("present",) * 20 + ("late",) * 2 + ("absent",) * 2 + ("excused",)
        picks = self.np.integers(0, len(statuses), SESSIONS_PER_COHORT * len(self.participant_ids) + 1).tolist()

        def rows():
            at = 0
            for cid in self.cohort_ids:
                people = sorted(by_cohort.get(cid, ()))
                for sid, day, facilitator in self.cohort_sessions[cid]:
                    if day >= self.today:
                        continue
                    recorded = at_hour(day, 17)
                    for pid in people:
                        exited_on = self.enrolment[pid][2]
                        if exited_on is not None and day > exited_on:
                            continue
                        yield sid, pid, statuses[picks[at]], recorded, facilitator
                        at += 1

        self.out.write("attendance", ("session_id", "participant_id", "status", "recorded_at", "recorded_by_id"),
                       rows())

    def assessments(self) -> None:
        """Two per participant: a baseline and, for completers, the exit on the same skill."""
        base = self.out.base_id("skill_assessments")
        starts = self.np.choice([0, 1, 2, 3], len(self.participant_ids), p=[0.2, 0.45, 0.3, 0.05])
        gains = self.np.choice([1, 1, 2, 2, 2, 3], len(self.participant_ids))
        rows = []
        for k, pid in enumerate(self.participant_ids):
            cid, status, _ = self.enrolment[pid]
            starts_on, ends_on = self.cohort_dates[cid]
            skills = self.cohort_skills[cid]
            first, second = skills[k % len(skills)], skills[(k + 1) % len(skills)]
            coach, level = self.participant_coach[pid], int(starts[k])
            rows.append((base + len(rows) + 1, pid, first, "baseline", level, coach, starts_on + timedelta(days=2)))
            if status == "completed":
                rows.append((base + len(rows) + 1, pid, first, "exit", min(4, level + int(gains[k])), coach,
                             ends_on - timedelta(days=2)))
            else:
                rows.append((base + len(rows) + 1, pid, second, "baseline", int(starts[-k - 1]), coach,
                             starts_on + timedelta(days=2)))
        self.out.write("skill_assessments", ("id", "participant_id", "skill_id", "stage", "level",
                                             "assessor_id", "assessed_on"), rows)

    def hiring_order(self, eligible: list[int]) -> list[int]:
        """The planted effect for coach matching: those hired first (the first N are) are ranked by
        chance plus a boost when their coach knows their programme's sector and a little for the
        coach's own skill; the number hired does not change."""
        extra = random.Random(self.seed * 7919 + 2)
        sector = dict(zip(self.programme_ids, PROGRAMME_SECTORS))
        programme = self.cohort_programme

        def key(pid: int) -> float:
            coach = self.participant_coach[pid]
            knows = sector[programme[self.enrolment[pid][0]]] in self.coach_knows[coach]
            return extra.random() + (0.8 if knows else 0.0) + 0.6 * self.coach_skill[coach]

        return sorted(eligible, key=key, reverse=True)

    def equality_monitoring(self) -> None:
        """Voluntary equality answers for about 70% of participants, drawn independently of outcomes."""
        extra = random.Random(self.seed * 7919 + 3)
        base = self.out.base_id("equality_monitoring")
        bands = ("under_25", "25_34", "35_49", "50_plus", "prefer_not_to_say")
        genders = ("woman", "man", "non_binary", "prefer_not_to_say")
        groups = ("", "Asian", "Black", "Mixed", "White", "Another group")
        rows = []
        for pid in self.participant_ids:
            if extra.random() < 0.7:
                rows.append((base + len(rows) + 1, pid, extra.choice(bands), extra.choice(genders),
                             extra.choice(("yes", "no", "no", "no", "prefer_not_to_say")), extra.choice(groups)))
        self.out.write("equality_monitoring", ("id", "participant_id", "age_band", "gender", "disability",
                                               "ethnicity"), rows)

    # --- outcomes --------------------------------------------------------------------

    def candidacies_and_placements(self) -> None:
        """Completers are put forward for their cohort's hiring needs; one in two candidacies hires."""
        s = self.sizes
        eligible = [pid for pid in self.participant_ids
                    if self.enrolment[pid][1] == "completed"
                    and self.cohort_status[self.enrolment[pid][0]] in ("closed", "placement")]
        self.rng.shuffle(eligible)
        eligible = self.hiring_order(eligible)
        pairs: list[tuple[int, int]] = []  # (participant, need)
        round_ = 0
        while len(pairs) < s.candidacies and eligible and round_ < DEMAND_PER_COHORT:
            for pid in eligible:
                if len(pairs) == s.candidacies:
                    break
                needs = self.cohort_needs[self.enrolment[pid][0]]
                if round_ < len(needs):
                    pairs.append((pid, needs[(pid + round_) % len(needs)]))
            round_ += 1
        hires: set[tuple[int, int]] = set()
        hired: set[int] = set()
        for pid, nid in pairs:  # the first candidacy of the first participants hires
            if len(hires) == s.placements:
                break
            if pid not in hired:
                hires.add((pid, nid))
                hired.add(pid)
        cand_base, place_base, check_base = (self.out.base_id(t) for t in ("candidacies", "placements", "retention_checks"))
        candidacies, placements, checks = [], [], []
        for pid, nid in pairs:
            cand_id = cand_base + len(candidacies) + 1
            cid = self.enrolment[pid][0]
            ends_on = self.cohort_dates[cid][1]
            if (pid, nid) in hires:
                stage = "hired"
            elif self.cohort_status[cid] == "placement":
                stage = ("shortlisted", "introduced", "interviewing", "offer", "not_selected")[cand_id % 5]
            else:
                stage = ("not_selected", "withdrawn")[cand_id % 2]
            decided = min(self.today, ends_on + timedelta(days=5 + cand_id % 40))
            reached = {"shortlisted": 0, "introduced": 1, "interviewing": 2, "offer": 3,
                       "hired": 3, "not_selected": 2, "withdrawn": 1}[stage]
            stamps = [at_hour(decided - timedelta(days=21 - 6 * i), 15) if i <= reached else None for i in range(4)]
            closed_at = at_hour(decided, 16) if stage in ("hired", "not_selected", "withdrawn") else None
            candidacies.append((cand_id, pid, nid, cid, stage, *stamps, closed_at,
                                closed_at or stamps[reached], "Strong interview." if stage == "hired" else ""))
            if stage != "hired":
                continue
            place_id = place_base + len(placements) + 1
            low, high = self.need_salary[nid]
            start = decided + timedelta(days=14)
            placements.append((place_id, f"PL-N{place_id:06d}", pid, self.need_employer[nid], nid, cid, cand_id,
                               self.need_role[nid], decided, start, low + (cand_id % 9) * 1000,
                               Decimal("37.5") if cand_id % 2 else Decimal("40"),
                               "permanent" if cand_id % 7 else "fixed_term", cand_id % 11 != 0))
            for mark in (90, 180):
                due_on = start + timedelta(days=mark)
                if due_on > self.today:
                    checks.append((check_base + len(checks) + 1, place_id, mark, due_on, None, "unknown",
                                   None, None, False))
                    continue
                kept = ("yes", "yes", "yes", "yes", "no", "unknown")[(cand_id + mark) % 6]
                checks.append((check_base + len(checks) + 1, place_id, mark, due_on,
                               min(self.today, due_on + timedelta(days=cand_id % 10)), kept,
                               True if kept == "yes" else None, self.participant_coach[pid], kept == "yes" and cand_id % 3 == 0))
        self.out.write("candidacies", ("id", "participant_id", "hiring_need_id", "cohort_id", "stage",
                                       "shortlisted_at", "introduced_at", "interviewing_at", "offer_at",
                                       "closed_at", "stage_changed_at", "employer_feedback"), candidacies)
        self.out.write("placements", ("id", "ref", "participant_id", "employer_id", "hiring_need_id", "cohort_id",
                                      "candidacy_id", "role_title", "offer_accepted_on", "start_date",
                                      "annual_salary", "hours_per_week", "employment_type", "in_field"), placements)
        self.out.write("retention_checks", ("id", "placement_id", "day_mark", "due_on", "checked_on",
                                            "still_employed", "same_employer", "recorded_by_id",
                                            "confirmed_by_participant"), checks)

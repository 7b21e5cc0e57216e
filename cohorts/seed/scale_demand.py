"""The demand side of the national-scale programme: skills, programmes, employers, logins, hiring needs.

`DemandBuilder` is mixed into the builder in `cohorts.seed.scale`; it also holds the vocabulary both
sides draw on.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from cohorts.seed import demo_data as data

#: the password of every login the generator makes
SCALE_PASSWORD = "bridgework-scale"
#: the first programme's name: its presence means "already loaded"
PROGRAMMES = (
    ("National SalesCamp", "B2B sales development representative"),
    ("National CustomerCare", "Customer success associate"),
    ("National DataPath", "Junior data analyst"),
    ("National CareWorks", "Health care aide"),
    ("National BuildReady", "Construction site technician"),
    ("National LogiTrack", "Logistics coordinator"),
)
#: each programme's sector, in PROGRAMMES order (coaches who know it place its people more often)
PROGRAMME_SECTORS = ("Software", "Retail", "Finance", "Health", "Construction", "Logistics")
EMAIL_DOMAIN = "scale.bridgework.test"
SECTORS = ("Software", "Health", "Finance", "Logistics", "Retail", "Construction", "Public sector",
           "Manufacturing", "Hospitality", "Education")
PROVINCES = ("Toronto", "Ottawa", "Hamilton", "Mississauga", "Brampton", "Calgary", "Edmonton",
             "Vancouver", "Victoria", "Winnipeg", "Regina", "Saskatoon", "Montréal", "Québec",
             "Halifax", "Moncton", "St. John's", "Charlottetown", "Online (Canada-wide)")
ROLES = ("Sales development representative", "Account executive", "Customer success associate",
         "Support specialist", "Data analyst", "Care aide", "Site technician", "Logistics coordinator",
         "Inside sales representative", "Onboarding specialist", "Operations assistant")
NAME_PARTS = ("North", "Maple", "Lumen", "Harbour", "Cedar", "Prairie", "Summit", "Granite",
              "Aurora", "Boreal", "Coastal", "Pioneer", "Beacon", "Keystone", "Riverside", "Evergreen")
NAME_KINDS = ("Analytics", "Software", "Health", "Logistics", "Systems", "Partners", "Group",
              "Solutions", "Labs", "Services", "Works", "Networks")
SKILL_AREAS = ("", "for SaaS", "in health care", "in finance", "in logistics", "for retail",
               "in the public sector", "in construction")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class DemandBuilder:
    """Vocabulary and organisations: what employers need, written before any cohort."""

    # --- vocabulary and organisations ------------------------------------------------

    def skills(self) -> None:
        from app.models import Skill

        labels = [(f"{label} {area}".strip(), kind) for area in SKILL_AREAS for label, kind in data.SKILLS]
        existing = dict(db.session.execute(sa.select(Skill.label_key, Skill.id)).all())
        base = self.out.base_id("skills")
        rows, self.skill_ids = [], []
        for label, kind in labels:
            key = Skill.key_for(label)
            if key not in existing:
                base += 1
                existing[key] = base
                rows.append((base, label, key, kind))
            self.skill_ids.append(existing[key])
        self.out.write("skills", ("id", "label", "label_key", "kind"), rows)

    def programmes(self) -> None:
        base = self.out.base_id("programmes")
        self.programme_ids = [base + n for n in range(1, len(PROGRAMMES) + 1)]
        self.out.write("programmes", ("id", "name", "target_occupation", "sector", "description"), [
            (pid, name, occupation, sector, f"{name}: demand-led training for {occupation.lower()} roles.")
            for pid, (name, occupation), sector in zip(self.programme_ids, PROGRAMMES, PROGRAMME_SECTORS)])

    def employers(self) -> None:
        n = self.sizes.employers
        base = self.out.base_id("employers")
        self.employer_ids = list(range(base + 1, base + n + 1))
        statuses = self.np.choice(["hiring_partner", "in_discovery", "prospect", "inactive"], n,
                                  p=[0.6, 0.2, 0.15, 0.05])
        # the first employers (the logins' companies) are always hiring partners
        statuses[: self.sizes.employer_logins] = "hiring_partner"
        sizes = self.np.choice(["1-9", "10-49", "50-249", "250+"], n)
        self.employer_region = {}
        rows, contacts = [], []
        contact_base = self.out.base_id("contacts")
        for k, eid in enumerate(self.employer_ids):
            name = f"{NAME_PARTS[k % 16]} {NAME_KINDS[(k // 16) % 12]} {k + 1:05d}"
            region = PROVINCES[self.rng.randrange(len(PROVINCES) - 1)]
            self.employer_region[eid] = region
            slug = name.lower().replace(" ", "-")
            rows.append((eid, name, SECTORS[k % len(SECTORS)], str(sizes[k]), region,
                         f"https://{slug}.example", str(statuses[k]), "", self.token()))
            first, last = data.FIRST_NAMES[k % 30], data.LAST_NAMES[(k * 7) % 30]
            contacts.append((contact_base + k + 1, eid, f"{first} {last}",
                             f"{ascii_fold(first)}.{ascii_fold(last)}@{slug}.example", "", "Hiring manager", True))
        self.out.write("employers", ("id", "name", "sector", "size_band", "region", "website", "status",
                                     "notes", "feed_token"), rows)
        self.out.write("contacts", ("id", "employer_id", "name", "email", "phone", "job_title",
                                    "is_primary"), contacts)

    def users(self) -> None:
        s = self.sizes
        base = self.out.base_id("users")
        secret = generate_password_hash(SCALE_PASSWORD)
        rows = [(base + 1, f"admin@{EMAIL_DOMAIN}", "National Admin", "admin", None)]
        self.coach_ids = []
        for k in range(s.coaches):
            rows.append((base + len(rows) + 1, f"coach{k + 1:03d}@{EMAIL_DOMAIN}",
                         f"{data.FIRST_NAMES[k % 30]} Coach{k + 1}", "staff", None))
            self.coach_ids.append(rows[-1][0])
        for k in range(s.employer_logins):
            rows.append((base + len(rows) + 1, f"employer{k + 1:04d}@{EMAIL_DOMAIN}",
                         f"Employer Contact {k + 1}", "employer", self.employer_ids[k]))
        self.participant_user_ids = []
        for k in range(min(s.participant_logins, s.participants)):
            rows.append((base + len(rows) + 1, f"participant{k + 1:05d}@{EMAIL_DOMAIN}",
                         "", "participant", None))
            self.participant_user_ids.append(rows[-1][0])
        self.out.write("users", ("id", "email", "full_name", "role", "employer_id", "password_hash",
                                 "security_stamp", "active"),
                       [row + (secret, 1, True) for row in rows])

    def coach_profiles(self) -> None:
        """Each coach knows one or two programme sectors and has room beyond an even share of people.

        Drawn from their own generator, so every other table's rows stay as they were."""
        extra = random.Random(self.seed * 7919 + 1)
        base = self.out.base_id("coach_profiles")
        share = -(-self.sizes.participants // len(self.coach_ids))
        self.coach_knows, self.coach_skill, rows = {}, {}, []
        for k, uid in enumerate(self.coach_ids):
            known = extra.sample(PROGRAMME_SECTORS, extra.choice((1, 2)))
            self.coach_knows[uid], self.coach_skill[uid] = set(known), extra.random()
            rows.append((base + k + 1, uid, ", ".join(known), share + 10 + extra.randrange(20), k % 10 != 9))
        self.out.write("coach_profiles", ("id", "user_id", "sectors", "capacity", "accepting"), rows)

    def hiring_needs(self) -> None:
        n = self.sizes.hiring_needs
        base = self.out.base_id("hiring_needs")
        self.need_ids = list(range(base + 1, base + n + 1))
        partners = self.employer_ids[: max(1, len(self.employer_ids) * 3 // 5)]
        employer_of = self.np.choice(partners, n)
        openings = self.np.integers(1, 6, n)
        salary = self.np.integers(36, 70, n) * 1000
        self.need_employer, self.need_role, self.need_salary, self.need_skills = {}, {}, {}, {}
        rows, links = [], []
        for k, nid in enumerate(self.need_ids):
            eid = int(employer_of[k])
            role = ROLES[self.rng.randrange(len(ROLES))]
            low, high = int(salary[k]), int(salary[k]) + 8000
            self.need_employer[nid], self.need_role[nid], self.need_salary[nid] = eid, role, (low, high)
            status = self.rng.choices(("open", "draft", "filled", "closed"), (55, 10, 25, 10))[0]
            rows.append((nid, f"HN-N{k + 1:06d}", eid, role, int(openings[k]), self.employer_region[eid],
                         low, high, self.today + timedelta(days=self.rng.randint(-400, 120)), status,
                         "Two years of experience in a similar role", "Right to work in Canada"))
            chosen = self.rng.sample(self.skill_ids, self.rng.randint(3, 6))
            self.need_skills[nid] = chosen
            for position, skill in enumerate(chosen):
                links.append((nid, skill, self.rng.randint(1, 4), "must" if position < 2 else "nice"))
        self.out.write("hiring_needs", ("id", "ref", "employer_id", "role_title", "openings", "region",
                                        "salary_min", "salary_max", "needed_by", "status",
                                        "stated_requirements", "non_negotiables"), rows)
        links.sort()
        self.out.write("hiring_need_skills", ("hiring_need_id", "skill_id", "level", "importance"), links)

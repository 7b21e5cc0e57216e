"""The demo programme's static lists: competencies, employers, interviews, hiring needs, curricula.

Kept apart from cohorts/seed/demo.py, which turns them into rows; nothing here touches the database.
"""

from __future__ import annotations

#: (name, target occupation, description); the first is the one whose presence means "demo loaded"
#: where the demo programmes run (sessions at 14:00 and 17:00 on Toronto's wall clock), and their pay
DEMO_TIME_ZONE, DEMO_CURRENCY = "America/Toronto", "CAD"

PROGRAMMES: tuple[tuple[str, str, str], ...] = (
    ("SalesCamp", "B2B sales development representative / account executive",
     "Ten weeks of demand-led training for B2B sales roles, co-designed and co-delivered with a "
     "consortium of hiring partners."),
    ("CustomerCare Pathway", "Customer success associate / manager",
     "Six weeks for customer success and support roles at software companies."),
)

#: the curated competency vocabulary: (label, kind)
SKILLS: tuple[tuple[str, str], ...] = (
    ("Prospecting", "skill"),
    ("Cold calling", "skill"),
    ("Social selling (LinkedIn)", "skill"),
    ("Discovery questioning", "skill"),
    ("Lead qualification (BANT/MEDDIC)", "skill"),
    ("Product demonstration", "skill"),
    ("Objection handling", "skill"),
    ("Negotiation", "skill"),
    ("Closing", "skill"),
    ("CRM hygiene (Salesforce/HubSpot)", "skill"),
    ("Pipeline management", "skill"),
    ("Sales forecasting", "skill"),
    ("Business writing", "skill"),
    ("Presentation skills", "skill"),
    ("Customer onboarding", "skill"),
    ("Account management", "skill"),
    ("De-escalation", "skill"),
    ("Support ticketing (Zendesk)", "skill"),
    ("Renewals and upselling", "skill"),
    ("B2B sales process", "knowledge"),
    ("SaaS business models", "knowledge"),
    ("Customer success metrics (churn, NRR)", "knowledge"),
    ("Active listening", "foundational"),
    ("Resilience", "foundational"),
    ("Time management", "foundational"),
    ("Teamwork", "foundational"),
    ("Empathy", "foundational"),
    ("Coachability", "foundational"),
)

#: display names of the demo logins
FULL_NAMES = {
    "admin@bridgework.test": "Alex Morgan", "designer@bridgework.test": "Dana Whitfield",
    "coach@bridgework.test": "Chris Ngata", "employer@bridgework.test": "Priya Raman",
    "participant@bridgework.test": "Amara Okafor",
}

#: the hiring partner the employer@bridgework.test login speaks for
DEMO_EMPLOYER = "Northwind Analytics"

#: name, sector, size band, region, website, status, (contact name, email, job title), notes
EMPLOYERS: tuple[tuple, ...] = (
    ("Northwind Analytics", "Software (SaaS)", "50-249", "Toronto", "https://northwind-analytics.example",
     "hiring_partner", ("Priya Raman", "employer@bridgework.test", "VP Sales"),
     "Revenue analytics platform; hires SDRs every quarter and grew its AE team from 4 to 11."),
    ("Maple Ledger Software", "Financial technology", "250+", "Toronto", "https://mapleledger.example",
     "hiring_partner", ("Daniel Tremblay", "d.tremblay@mapleledger.example", "Director, Talent Acquisition"),
     "Accounting software for SMBs; outbound BDR team of 30."),
    ("Prairie Cloud Systems", "Cloud infrastructure", "50-249", "Calgary", "https://prairiecloud.example",
     "hiring_partner", ("Kelsey Whitehorse", "kelsey@prairiecloud.example", "Head of Inside Sales"),
     "Managed cloud hosting for energy and agriculture firms."),
    ("Harbourline Logistics", "Logistics technology", "250+", "Vancouver", "https://harbourline.example",
     "hiring_partner", ("Marco Santos", "msantos@harbourline.example", "Sales Director, West"),
     "Freight visibility software; sells to shippers and 3PLs."),
    ("Lumen Health Tech", "Health technology", "50-249", "Montréal", "https://lumenhealth.example",
     "hiring_partner", ("Élise Gagnon", "egagnon@lumenhealth.example", "Directrice, Succès client"),
     "Clinic scheduling SaaS; needs bilingual (French/English) reps."),
    ("Boreal Telecom Solutions", "Telecommunications", "250+", "Ottawa", "https://borealtelecom.example",
     "in_discovery", ("Aisha Mohamed", "amohamed@borealtelecom.example", "Manager, Business Sales"),
     "Exploring a customer-support-to-sales pathway for its SMB channel."),
    ("Cascadia Payments", "Payments", "10-49", "Vancouver", "https://cascadiapay.example",
     "in_discovery", ("Ryan Cho", "ryan@cascadiapay.example", "Co-founder & CRO"),
     "Seed-stage payments start-up; hired one SalesCamp graduate directly."),
    ("Tidewater Insurance Group", "Insurance", "250+", "Halifax", "https://tidewater-insurance.example",
     "prospect", ("Fiona MacLeod", "fmacleod@tidewater-insurance.example", "HR Business Partner"),
     "Met at the Halifax Chamber of Commerce; interested in commercial lines inside sales."),
    ("Granite Peak HR", "Human resources software", "10-49", "Edmonton", "https://granitepeak.example",
     "prospect", ("Tom Bergstrom", "tom@granitepeak.example", "CEO"),
     "Introduced by Prairie Cloud; first call booked."),
    ("Stonebridge Media", "Digital advertising", "50-249", "Waterloo", "https://stonebridge.example",
     "inactive", ("Jenna Park", "jpark@stonebridge.example", "Sales Operations Lead"),
     "Paused hiring after a restructuring; revisit next year."),
)

#: employer name → interview: days before today it was held, format, attendees, summary, pain points,
#: and one answer per question key of the bank
INTERVIEWS: tuple[dict, ...] = (
    {
        "employer": "Northwind Analytics", "days_ago": 430, "format": "in_person",
        "attendees": "Priya Raman (VP Sales); Owen Litt (SDR Manager)",
        "summary": "SDR churn and a 70-day time-to-fill stall pipeline growth. Degree and SaaS "
                   "experience are proxies; what matters is coachability, resilience and clean CRM work.",
        "pain_points": ["slow hiring", "high turnover", "credential filters", "ramp time"],
        "answers": {
            "top_challenges": "Pipeline coverage. We miss quarterly targets because SDR seats sit empty for two months.",
            "success_looks_like": "Every SDR seat filled within 30 days and new reps booking meetings by week six.",
            "already_tried": "Agency recruiters (expensive, high churn) and a referral bonus, which helped a little.",
            "who_else_affected": "AEs lose deals for lack of pipeline; marketing's leads go un-worked.",
            "talent_needs_changed": "We moved upmarket: reps now need real discovery skills, not just call volume.",
            "roles_hard_to_fill": "SDRs every quarter; mid-market account executives are hardest to fill.",
            "ideal_candidate": "Curious, organised, takes feedback the same day, and picks up the phone without fear.",
            "recruitment_sources": "LinkedIn, agencies, a few university career fairs.",
            "deviate_from_requirements": "Often: our best SDR was a restaurant manager with no degree.",
            "non_negotiables": "Clear written English, reliability, and willingness to do 50+ activities a day.",
            "hiring_decision": "Phone screen, mock cold call, panel with the SDR manager and an AE.",
            "new_hire_success": "Two-week bootcamp, a buddy AE, weekly call reviews; ramp target at 90 days.",
        },
    },
    {
        "employer": "Maple Ledger Software", "days_ago": 415, "format": "video",
        "attendees": "Daniel Tremblay (Director, Talent Acquisition); Sandra Liu (BDR Team Lead)",
        "summary": "Large BDR team with 40% first-year attrition; wants candidates screened for "
                   "resilience and objection handling rather than years of experience.",
        "pain_points": ["high turnover", "credential filters", "interview no-shows"],
        "answers": {
            "top_challenges": "Keeping a 30-person BDR team staffed while we expand into the US.",
            "success_looks_like": "First-year attrition under 20% and a bench of ready candidates.",
            "already_tried": "An in-house academy for graduates; it worked but took too much manager time.",
            "who_else_affected": "Team leads spend half their week interviewing instead of coaching.",
            "talent_needs_changed": "More outbound to accountants: reps must understand small-business finance.",
            "roles_hard_to_fill": "BDRs and SDRs; French-speaking reps for Québec are the hardest.",
            "ideal_candidate": "Someone who has handled rejection before (retail, hospitality) and stays calm.",
            "recruitment_sources": "Indeed, campus recruiting, employee referrals.",
            "deviate_from_requirements": "About a third of hires lack the degree we post.",
            "non_negotiables": "Legally entitled to work in Canada; comfortable with metrics and targets.",
            "hiring_decision": "Team lead decides after a role-play; HR checks references.",
            "new_hire_success": "Structured 60-day ramp with certifications in HubSpot and our product.",
        },
    },
    {
        "employer": "Boreal Telecom Solutions", "days_ago": 40, "format": "video",
        "attendees": "Aisha Mohamed (Manager, Business Sales); Jean-Luc Roy (Customer Care Director)",
        "summary": "Wants to grow its SMB customer-success team from support staff and outside talent; "
                   "de-escalation and account management matter more than telecom experience.",
        "pain_points": ["internal mobility", "slow hiring", "customer churn"],
        "answers": {
            "top_challenges": "SMB churn: customers leave in year two because nobody manages the account.",
            "success_looks_like": "Every SMB account has a named success manager and churn drops by a third.",
            "already_tried": "Promoting support agents; some thrived, others lacked commercial skills.",
            "who_else_affected": "Field sales loses renewals; support is swamped with avoidable tickets.",
            "talent_needs_changed": "From reactive support to proactive account management and upselling.",
            "roles_hard_to_fill": "Customer success associates and bilingual support specialists.",
            "ideal_candidate": "Empathetic, organised, comfortable talking numbers with a business owner.",
            "recruitment_sources": "Internal postings, Indeed, a call-centre staffing agency.",
            "deviate_from_requirements": "Rarely today; we would if the training gave us confidence.",
            "non_negotiables": "Security clearance eligibility and availability for some evening shifts.",
            "hiring_decision": "HR screen, then a scenario interview with the care director.",
            "new_hire_success": "Shadowing for three weeks and a mentor from the field sales team.",
        },
    },
)

#: hiring needs: ref → employer, role, openings, region, salary range, needed_by (days from the
#: anchoring cohort's end), status, stated requirements, non-negotiables, interview employer,
#: competencies ((skill label, level, must/nice), ...)
HIRING_NEEDS: tuple[dict, ...] = (
    {"ref": "HN-0001", "employer": "Northwind Analytics", "role": "Sales Development Representative",
     "openings": 5, "region": "Toronto", "salary": (50000, 58000), "status": "filled", "interview": True,
     "stated": "University degree; 1+ year SaaS sales experience",
     "non_negotiables": "Clear written English; 50+ outbound activities a day",
     "skills": (("Prospecting", 3, "must"), ("Cold calling", 3, "must"), ("CRM hygiene (Salesforce/HubSpot)", 2, "must"),
                ("Discovery questioning", 2, "must"), ("Resilience", 3, "must"), ("Social selling (LinkedIn)", 2, "nice"))},
    {"ref": "HN-0002", "employer": "Maple Ledger Software", "role": "Sales Development Representative",
     "openings": 4, "region": "Toronto", "salary": (48000, 55000), "status": "filled", "interview": True,
     "stated": "Bachelor's degree in business or finance; 2 years' B2B experience",
     "non_negotiables": "Legally entitled to work in Canada; comfortable with targets",
     "skills": (("Prospecting", 3, "must"), ("Objection handling", 3, "must"), ("Active listening", 3, "must"),
                ("Business writing", 2, "must"), ("SaaS business models", 1, "nice"))},
    {"ref": "HN-0003", "employer": "Prairie Cloud Systems", "role": "Inside Sales Representative",
     "openings": 3, "region": "Calgary", "salary": (52000, 60000), "status": "closed",
     "stated": "3+ years SaaS sales; technical diploma",
     "non_negotiables": "Can work Mountain Time hours",
     "skills": (("Discovery questioning", 3, "must"), ("Lead qualification (BANT/MEDDIC)", 3, "must"),
                ("Pipeline management", 2, "must"), ("Product demonstration", 2, "nice"), ("Time management", 3, "must"))},
    {"ref": "HN-0004", "employer": "Harbourline Logistics", "role": "Account Executive (SMB)",
     "openings": 3, "region": "Vancouver", "salary": (60000, 72000), "status": "filled",
     "stated": "3+ years quota-carrying SaaS sales; logistics background",
     "non_negotiables": "Valid driver's licence for occasional customer visits",
     "skills": (("Negotiation", 3, "must"), ("Closing", 3, "must"), ("Product demonstration", 3, "must"),
                ("Pipeline management", 3, "must"), ("Presentation skills", 2, "nice"))},
    {"ref": "HN-0005", "employer": "Northwind Analytics", "role": "Account Executive (Mid-Market)",
     "openings": 2, "region": "Toronto", "salary": (65000, 80000), "status": "open", "interview": True,
     "stated": "3+ years SaaS sales; university degree; President's Club preferred",
     "non_negotiables": "Clear written English; forecast accuracy; comfortable presenting to executives",
     "skills": (("Discovery questioning", 3, "must"), ("Product demonstration", 3, "must"), ("Negotiation", 3, "must"),
                ("Sales forecasting", 2, "must"), ("CRM hygiene (Salesforce/HubSpot)", 3, "must"), ("Coachability", 3, "nice"))},
    {"ref": "HN-0006", "employer": "Lumen Health Tech", "role": "Bilingual Sales Development Representative",
     "openings": 3, "region": "Montréal", "salary": (50000, 58000), "status": "open",
     "stated": "Degree in health sciences or business; 2 years' sales in healthcare",
     "non_negotiables": "Fluent French and English",
     "skills": (("Prospecting", 3, "must"), ("Cold calling", 3, "must"), ("Active listening", 3, "must"),
                ("Empathy", 3, "must"), ("Business writing", 2, "nice"))},
    {"ref": "HN-0007", "employer": "Maple Ledger Software", "role": "Business Development Representative",
     "openings": 2, "region": "Toronto", "salary": (48000, 56000), "status": "open", "interview": True,
     "stated": "University degree; 2 years' B2B sales",
     "non_negotiables": "Legally entitled to work in Canada",
     "skills": (("Prospecting", 3, "must"), ("Social selling (LinkedIn)", 3, "must"), ("Objection handling", 2, "must"),
                ("Resilience", 3, "must"), ("Teamwork", 2, "nice"))},
    {"ref": "HN-0008", "employer": "Prairie Cloud Systems", "role": "Sales Development Representative",
     "openings": 2, "region": "Calgary", "salary": (50000, 57000), "status": "open",
     "stated": "2+ years SaaS sales; technical certification",
     "non_negotiables": "Can work Mountain Time hours",
     "skills": (("Cold calling", 3, "must"), ("Lead qualification (BANT/MEDDIC)", 2, "must"),
                ("CRM hygiene (Salesforce/HubSpot)", 2, "must"), ("Time management", 3, "nice"))},
    {"ref": "HN-0009", "employer": "Northwind Analytics", "role": "Customer Success Manager",
     "openings": 2, "region": "Toronto", "salary": (62000, 74000), "status": "open", "interview": True,
     "stated": "3+ years in customer success at a SaaS company; degree",
     "non_negotiables": "Comfortable discussing renewals and numbers with clients",
     "skills": (("Account management", 3, "must"), ("Customer onboarding", 3, "must"),
                ("Customer success metrics (churn, NRR)", 2, "must"), ("Renewals and upselling", 2, "nice"),
                ("Empathy", 3, "must"))},
    {"ref": "HN-0010", "employer": "Lumen Health Tech", "role": "Customer Success Associate (bilingual)",
     "openings": 3, "region": "Montréal", "salary": (48000, 56000), "status": "open",
     "stated": "Degree; 2 years in a clinical setting",
     "non_negotiables": "Fluent French and English; available for evening support rotation",
     "skills": (("De-escalation", 3, "must"), ("Support ticketing (Zendesk)", 2, "must"), ("Customer onboarding", 2, "must"),
                ("Active listening", 3, "must"), ("Account management", 1, "nice"))},
)

#: curricula: (title, hours, ((skill label, level), ...))
SALES_MODULES: tuple[tuple, ...] = (
    ("Sales foundations and the buyer's journey", 12,
     (("B2B sales process", 2), ("SaaS business models", 2), ("Active listening", 3))),
    ("Prospecting and outreach", 18,
     (("Prospecting", 3), ("Cold calling", 3), ("Social selling (LinkedIn)", 2), ("Business writing", 2))),
    ("Discovery and qualification", 15,
     (("Discovery questioning", 3), ("Lead qualification (BANT/MEDDIC)", 3))),
    ("Demos, objections and negotiation", 18,
     (("Product demonstration", 3), ("Objection handling", 3), ("Negotiation", 2), ("Closing", 2))),
    ("Sales tools and pipeline", 12,
     (("CRM hygiene (Salesforce/HubSpot)", 3), ("Pipeline management", 3), ("Sales forecasting", 2))),
    ("Career readiness and resilience", 9,
     (("Resilience", 3), ("Time management", 3), ("Coachability", 3))),
)

CARE_MODULES: tuple[tuple, ...] = (
    ("Customer success fundamentals", 12,
     (("Customer success metrics (churn, NRR)", 2), ("SaaS business models", 2), ("Empathy", 3))),
    ("Onboarding and account management", 18,
     (("Customer onboarding", 3), ("Account management", 3), ("Renewals and upselling", 2))),
    ("Support operations and de-escalation", 15,
     (("De-escalation", 3), ("Support ticketing (Zendesk)", 2), ("Active listening", 3))),
)

#: co-delivered sessions per cohort: (week, employer, kind, title)
CO_DELIVERED: dict[str, tuple[tuple, ...]] = {
    "closed": ((2, "Northwind Analytics", "employer_session", "A day in the life of an SDR"),
               (5, "Harbourline Logistics", "employer_session", "Negotiation lab with Harbourline's AEs"),
               (8, "Maple Ledger Software", "mock_interview", "Mock interviews with Maple Ledger"),
               (9, "Prairie Cloud Systems", "networking", "Hiring partners' networking evening")),
    "training": ((2, "Northwind Analytics", "employer_session", "Discovery calls: how Northwind's AEs run them"),
                 (4, "Maple Ledger Software", "employer_session", "Outbound at scale with Maple Ledger's BDRs"),
                 (7, "Lumen Health Tech", "mock_interview", "Mock interviews with Lumen Health (FR/EN)"),
                 (9, "Northwind Analytics", "mock_interview", "Mock interviews with Northwind")),
    "design": ((3, "Northwind Analytics", "employer_session", "Customer success at Northwind"),
               (5, "Lumen Health Tech", "employer_session", "Supporting clinics through onboarding")),
}

FIRST_NAMES = (
    "Amara", "Jordan", "Mei", "Tariq", "Sofia", "Liam", "Noor", "Mateo", "Chloé", "Kwame", "Hana",
    "Diego", "Fatima", "Ethan", "Anika", "Samuel", "Leila", "Owen", "Yasmin", "Gabriel", "Priyanka",
    "Lucas", "Zainab", "Nathan", "Isabelle", "Emeka", "Sara", "Malik", "Rosa", "Kenji",
)
LAST_NAMES = (
    "Okafor", "Singh", "Chen", "Haddad", "Martínez", "Tremblay", "Ahmadi", "Nguyen", "Bouchard",
    "Mensah", "Kowalski", "Delgado", "Rahman", "MacDonald", "Patel", "Osei", "Fortin", "Kim",
    "Ibrahim", "Lavoie", "Sharma", "Reyes", "Yusuf", "Campbell", "Roy", "Adeyemi", "Santos",
    "Morrison", "Silva", "Tanaka",
)
REFERRAL_SOURCES = (
    "Employment Ontario", "LinkedIn ad", "Community partner: ACCES Employment", "Word of mouth",
    "Newcomer settlement agency", "Alumni referral", "Indigenous employment centre", "Job fair",
)
NEEDS = (
    "A way into tech sales without a degree", "Help translating retail experience for employers",
    "Canadian work experience", "A stable salaried job with benefits", "Evening childcare during sessions",
    "Interview practice in English", "A laptop for the programme",
)
BARRIERS = (
    "No Canadian work experience", "No university degree", "Long commute by transit",
    "Single parent, limited childcare", "Credentials from abroad not recognised",
    "Gap in employment after illness", "Confidence after repeated rejections", "None stated",
)
STRENGTHS = (
    "Ten years in hospitality, calm under pressure", "Top seller at a retail electronics store",
    "Bilingual French/English", "Ran a small catering business", "Call-centre experience, great phone manner",
    "Organised; managed a team of volunteers", "Trilingual (English, Arabic, French)",
    "Former teacher: explains things clearly", "Competitive athlete, thrives on targets",
)
INTERESTS = (
    "SaaS sales", "Health technology", "Fintech", "Customer success", "Logistics and supply chain",
    "Account management", "Start-ups",
)
GOALS = (
    "Become an account executive within three years", "A full-time SDR role in Toronto",
    "Earn enough to move out of shared housing", "Work remotely for a software company",
    "Lead a sales team one day", "Customer success role with a growing company",
)
LIFE_AREAS = ("housing", "caring", "transport", "finances", "health", "childcare", "language", "digital access")
AREA_CODES = {"Toronto": "416", "Calgary": "403", "Vancouver": "604", "Montréal": "514", "Ottawa": "613"}
REGIONS = ("Toronto", "Toronto", "Mississauga", "Brampton", "Hamilton", "Calgary", "Vancouver", "Montréal", "Ottawa")

#: enrolments that ended early: (cohort, k) → (days after the start, reason, exclusion reason)
WITHDRAWALS = {
    ("closed", 0): (24, "Hospitalised; could not continue", "serious_illness"),
    ("closed", 1): (10, "Moved to Alberta to care for a parent", None),
    ("training", 29): (10, "Took a full-time warehouse job", None),
}
# Outcomes of the closed cohort, by participant number k (0–29) within it.
#: hires: (k, need ref, offer accepted and start, in days after the cohort's end)
CLOSED_HIRES = (
    (3, "HN-0001", -10, 7), (4, "HN-0001", -6, 7), (5, "HN-0001", 12, 28), (6, "HN-0001", 20, 35),
    (18, "HN-0001", 35, 49), (7, "HN-0002", -4, 14), (8, "HN-0002", 15, 30), (20, "HN-0002", 28, 42),
    (9, "HN-0002", 40, 56),
    (10, "HN-0003", 25, 42), (11, "HN-0003", 60, 75),
    (12, "HN-0004", 18, 35), (13, "HN-0004", 30, 49), (14, "HN-0004", 70, 90),
)
#: placements found outside the hiring needs: (k, employer, role, offer, start, salary, in field, type)
CLOSED_OTHER_JOBS = (
    (15, "Cascadia Payments", "Sales Development Representative", 45, 60, 54000, True, "permanent"),
    (16, "Tidewater Insurance Group", "Inside Sales Associate", 50, 63, 51000, True, "fixed_term"),
    (17, "Boreal Telecom Solutions", "Customer Care Agent", 20, 28, 42000, False, "contract"),
    (19, "Stonebridge Media", "Account Coordinator", 120, 135, 50000, True, "permanent"),
)
#: candidacies that did not end in a hire: (k, need ref, final stage)
CLOSED_MISSES = (
    (26, "HN-0001", "not_selected"), (19, "HN-0001", "not_selected"), (10, "HN-0001", "not_selected"),
    (27, "HN-0002", "not_selected"), (21, "HN-0002", "not_selected"), (25, "HN-0002", "withdrawn"),
    (22, "HN-0003", "not_selected"), (23, "HN-0003", "not_selected"), (24, "HN-0004", "not_selected"),
    (15, "HN-0004", "not_selected"),
)
#: retention of the closed cohort's placements, in placement order: (day 90, day 180) results;
#: "?" is a check not yet made, "=" a "yes" with a different employer
RETENTION = ("yy", "yy", "y=", "yy", "yy", "nn", "yy", "yy", "u?", "yn", "yy", "nn", "yy", "??", "yu",
             "yy", "yy", "y?")
RETENTION_NOTES = {"=": "Moved to a competitor for a closing role.", "n": "Let go at the end of probation.",
                   "u": "No answer to calls or emails."}
FEEDBACK = {"hired": "Strong panel interview; great energy on the mock call.",
            "not_selected": "Good attitude; needs more confidence on the phone. Happy to see them again."}
# The training cohort: (k, need ref, stage, days since the last stage change); k 0 is the demo login.
TRAINING_CANDIDACIES = (
    (0, "HN-0005", "interviewing", 4), (1, "HN-0005", "hired", 6), (2, "HN-0005", "offer", 2),
    (3, "HN-0005", "interviewing", 5), (4, "HN-0005", "introduced", 9), (5, "HN-0005", "not_selected", 3),
    (6, "HN-0006", "interviewing", 3), (7, "HN-0006", "introduced", 8), (8, "HN-0006", "introduced", 6),
    (9, "HN-0006", "shortlisted", 2), (10, "HN-0007", "hired", 3), (11, "HN-0007", "not_selected", 7),
    (12, "HN-0007", "introduced", 21), (13, "HN-0007", "interviewing", 6), (14, "HN-0008", "shortlisted", 5),
    (15, "HN-0008", "shortlisted", 5), (16, "HN-0008", "introduced", 10), (0, "HN-0008", "shortlisted", 1),
)
#: coaching notes in the training cohort: (k, days ago, note)
CASE_NOTES = (
    (5, 2, "Missed the last two sessions: night shifts changed. Call booked to plan around them."),
    (0, 5, "Preparing for the Northwind panel: practised discovery questions and STAR stories."),
)

"""Supply side and outcomes: programmes, cohorts, delivery, participants, placement.

One subpackage per capability; each lists its URLs in its own ``urls.py``. Here they are hung
on the portal blueprints (``cohorts/portals.py``) in one visible list, with the CLI commands.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.uploads import discard_all_uploads
    from app.tasks.kinds import JobKind, register_kind
    from app.tasks.queue import queue_for
    from cohorts import cli, schedules
    from cohorts.api import setup as api_setup
    from cohorts.coaching import urls as coaching_urls
    from cohorts.credentials import urls as credentials_urls
    from cohorts.delivery import urls as delivery_urls
    from cohorts.design import urls as design_urls
    from cohorts.documents import urls as documents_urls
    from cohorts.feedback import urls as feedback_urls
    from cohorts.interviews import urls as interviews_urls
    from cohorts.inwork import urls as inwork_urls
    from cohorts.jobsearch import urls as jobsearch_urls
    from cohorts.learnability import urls as learnability_urls
    from cohorts.learning import urls as learning_urls
    from cohorts.mentoring import urls as mentoring_urls
    from cohorts.opendata import urls as opendata_urls
    from cohorts.outcomes import urls as outcomes_urls
    from cohorts.participants import urls as participants_urls
    from cohorts.placements import employer_sections
    from cohorts.placements import urls as placements_urls
    from cohorts.portals import build_portals
    from cohorts.privacy import urls as privacy_urls
    from cohorts.referrals import urls as referrals_urls
    from cohorts.reports import jobs as report_jobs
    from cohorts.reports import urls as reports_urls
    from cohorts.search import urls as search_urls
    from cohorts.signals import personal_data_erased
    from cohorts.talent import urls as talent_urls
    from cohorts.workbook import services as workbook_services
    from cohorts.workbook import urls as workbook_urls

    portals = build_portals()
    for register in (
        outcomes_urls.register,  # the staff home and outcome dashboards
        design_urls.register,
        participants_urls.register,
        documents_urls.register,  # the participant's CVs; the employer's download is a placement URL
        delivery_urls.register,
        feedback_urls.register,
        placements_urls.register,
        interviews_urls.register,  # interview days, their slots and the scored feedback
        mentoring_urls.register,  # mentors, pairings, conversations
        learning_urls.register,  # learning resources for a participant's gaps
        jobsearch_urls.register,  # jobs for you from the sources people add
        referrals_urls.register,  # referral partners and their referral links
        learnability_urls.register,  # learnability explained to staff and participants
        talent_urls.register,  # anonymous talent profiles and reach-outs
        inwork_urls.register,  # in-work check-ins, risk flags and the coach's triage list
        coaching_urls.register,  # coach matching: suggestions, training runs, the fairness report
        opendata_urls.register,  # the anonymised open data package
        credentials_urls.register,  # verifiable credentials: issue, verify, revoke
        reports_urls.register,
        workbook_urls.register,
        privacy_urls.register,
        search_urls.register,  # one search box over people, employers, hiring needs and cohorts
    ):
        register(portals)
    portals.register_on(app)
    cli.init_app(app)
    employer_sections.register()
    personal_data_erased.connect(discard_all_uploads)  # an erasure reaches waiting files (app/uploads.py)
    register_kind(app, JobKind(  # the workbook's check (the preview) and import run as jobs (workbook/views.py)
        "workbook_check", "Workbook check", workbook_services.check_job,
        template="cohorts/workbook/_check.html", after_done=workbook_services.after_check))
    register_kind(app, JobKind(
        "workbook_import", "Workbook import", workbook_services.import_job,
        template="cohorts/workbook/_job.html", after_done=workbook_services.discard_job_upload))
    schedules.register(app, queue_for(app))  # nudges and the privacy report, without cron
    api_setup.init_app(app)  # the JSON API /api/v1 and the token settings page (docs/API.md)
    report_jobs.register(app)  # the programme PDF and the large list exports run as jobs (docs/JOBS.md)

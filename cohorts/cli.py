"""Every cohort-side flask command, each defined in its capability's ``cli.py``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from cohorts.coaching.cli import coaching_cli
    from cohorts.credentials.cli import credentials_cli
    from cohorts.delivery.cli import nudges_cli
    from cohorts.learnability.cli import learnability_command
    from cohorts.opendata.cli import open_data_cli
    from cohorts.outcomes.cli import outcomes_command
    from cohorts.privacy.cli import privacy_cli
    from cohorts.reports.cli import report_cli
    from cohorts.seed.cli import seed_demo_command, seed_scale_command
    from cohorts.workbook.cli import export_workbook_command, import_workbook_command

    for command in (
        seed_demo_command,  # flask seed-demo
        seed_scale_command,  # flask seed-scale
        outcomes_command,  # flask outcomes
        learnability_command,  # flask learnability
        report_cli,  # flask report …
        import_workbook_command,  # flask import-workbook
        export_workbook_command,  # flask export-workbook
        nudges_cli,  # flask nudges …
        privacy_cli,  # flask privacy …
        open_data_cli,  # flask open-data …
        credentials_cli,  # flask credentials …
        coaching_cli,  # flask coaching …
    ):
        app.cli.add_command(command)

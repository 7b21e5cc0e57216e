"""Outcome measures (docs/OUTCOMES.md): their data, charts, dashboards and CLI."""

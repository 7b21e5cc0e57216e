"""A partner's feedback report (page, PDF, CSV) and the dashboard's chart: aggregate figures only,
never a named person, so it can be sent back to the partner as it is."""

from __future__ import annotations

from datetime import date

import pandas as pd
from flask import render_template
from markupsafe import Markup

from app.charts import GREEN, bar_chart, funnel_chart
from app.reporting import html_to_pdf
from cohorts.models import ReferralPartner
from cohorts.referrals.quality import RATES, STAGES, PartnerQuality, partner_quality


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def partner_report(partner: ReferralPartner, start: date, end: date, as_of: date) -> dict:
    """What the report page, its PDF and its CSV show."""
    quality = partner_quality(start, end, as_of=as_of, partners=[partner])[0]
    return {"partner": partner, "quality": quality, "start": start, "end": end, "as_of": as_of,
            "stages": STAGES, "rates": RATES,
            "funnel": funnel_chart(quality.funnel, f"{partner.name}: from referral to a job kept",
                                   category_label="Stage", value_label="People (share of referred)")}


def render_partner_pdf(report: dict) -> bytes:
    return html_to_pdf(render_template("cohorts/referrals/report_print.html", **report))


def partner_report_frame(report: dict) -> pd.DataFrame:
    """The report as rows: (section, measure, value) — counts, rates, then decline reasons."""
    quality: PartnerQuality = report["quality"]
    rows = [("count", label, quality.counts[key]) for key, label in STAGES]
    rows += [("rate", label, "" if quality.rates[key] is None else quality.rates[key]) for key, label, _, _ in RATES]
    rows += [("not accepted because", reason, count) for reason, count in sorted(quality.declined_because.items())]
    return pd.DataFrame(rows, columns=["section", "measure", "value"])


def rates_chart(qualities: list[PartnerQuality], key: str = "placement_rate_180") -> Markup:
    """Partners side by side on one rate (bars; a partner with no denominator shows 0)."""
    label = next(text for k, text, _, _ in RATES if k == key)
    return bar_chart([(q.partner.name, (q.rates[key] or 0) * 100) for q in qualities], label,
                     category_label="Partner", value_label="Per cent", colour=GREEN,
                     value_format=lambda v: f"{v:.0f}%")

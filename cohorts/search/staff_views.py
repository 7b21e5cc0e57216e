"""Staff portal: one search box over participants, employers, hiring needs and cohorts."""

from __future__ import annotations

from flask import render_template, request, url_for
from markupsafe import Markup

from app.templating import html_text, url_with_id
from cohorts.search import queries
from cohorts.search.forms import KIND_LABELS, SearchForm

#: where a hit links: endpoint and the name of its id argument, per kind
LINKS = {
    "participant": ("cohorts_staff.participant_detail", "participant_id"),
    "employer": ("employers_staff.employer_detail", "employer_id"),
    "hiring_need": ("employers_staff.hiring_need_detail", "need_id"),
    "cohort": ("cohorts_staff.cohort_detail", "cohort_id"),
}
#: hits on the first page (every kind), and on each page of one kind
FIRST_HITS, KIND_HITS = 20, 50


def search_page():
    """The best hits for ?q=, labelled by kind; ?kind= pages through one kind of record."""
    form = SearchForm(request.args)
    form.validate()
    kind = form.kind.data if form.kind.data in KIND_LABELS else ""
    page = form.page.data if kind and form.page.data and not form.page.errors else 1
    size = KIND_HITS if kind else FIRST_HITS
    hits = queries.search(form.q.data or "", kinds=[kind] if kind else None, limit=size + 1, offset=(page - 1) * size)
    more = len(hits) > size
    # the "only …" links of a first page are this URL with &kind= added (url_for puts q first)
    every_kind_url = url_for(".search_page", q=form.q.data) if more and not kind else ""
    return render_template("cohorts/search/results.html", form=form, hits=hits[:size], more=more, kind=kind,
                           page=page, hits_markup=_hits_markup(hits[:size]), every_kind_url=every_kind_url,
                           labels=KIND_LABELS)


def _hits_markup(hits: list[queries.Hit]) -> Markup:
    """The results' list items, one string each, as the caseload writes its rows: the Jinja loop paid
    a url_for (~5 µs), a tuple unpacked and two Markup escapes per hit. Escaped as the template would."""
    urls, shown = {}, []
    for hit in hits:
        if hit.kind not in urls:
            urls[hit.kind] = url_with_id(*LINKS[hit.kind])
        subtitle = f'<span class="hint">{html_text(hit.subtitle)}</span>' if hit.subtitle else ""
        shown.append(f'  <li><span class="badge">{KIND_LABELS[hit.kind]}</span>\n'
                     f'    <a href="{html_text(urls[hit.kind](hit.object_id))}">{html_text(hit.title)}</a>\n'
                     f"{subtitle}</li>\n")
    return Markup("".join(shown))

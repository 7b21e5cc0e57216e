"""Staff portal: one search box over participants, employers, hiring needs and cohorts."""

from __future__ import annotations

from flask import render_template, request

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
    return render_template("cohorts/search/results.html", form=form, hits=hits[:size], more=len(hits) > size,
                           kind=kind, page=page, links=LINKS, labels=KIND_LABELS)

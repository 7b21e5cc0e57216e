"""Jobs for you: who is aimed at what, the ranking, the reasons, and a page's query count."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cohorts.jobsearch import queries
from cohorts.jobsearch.matching import Target, target_for
from tests import factories
from tests.cohorts.jobsearch.conftest import make_posting, make_saved
from tests.conftest import assert_query_count_flat


def test_the_target_is_the_cohorts_demand_and_shown_means_exit_else_baseline_at_the_lowest_level_asked(world):
    target = target_for(world["me"].id)
    assert target.asked == {world["negotiation"].id: "Negotiation", world["crm"].id: "CRM hygiene"}
    assert target.shown == {world["negotiation"].id}  # CRM: exit 1 < 3, although the baseline was 3


def test_a_candidacy_adds_its_need_to_the_target(world):
    extra = factories.HiringNeedSkillFactory(skill=world["python"], level=1)
    factories.CandidacyFactory(participant=world["me"], hiring_need=extra.hiring_need)
    assert world["python"].id in target_for(world["me"].id).asked


def test_jobs_for_you_rank_by_mentions_then_shown_then_newest_and_hide_what_they_may_not_see(world):
    page, _ = queries.jobs_for_you(world["me"], world["user"], 1)
    titles = [row.posting.title for row in page.items]
    # 2 mentioned (1 shown); then 1 mentioned: shown before not shown; then none
    assert titles == ["Sales negotiator", "Deal desk", "CRM admin", "Scripter"]
    reasons = {row.posting.title: row.reasons for row in page.items}
    assert reasons["Sales negotiator"] == ("mentions CRM hygiene, Negotiation — both asked by your target roles; "
                                           "you have shown 1 of 2")
    assert reasons["Deal desk"] == "mentions Negotiation — asked by your target roles; you have shown it"
    assert reasons["CRM admin"] == "mentions CRM hygiene — asked by your target roles; you have not shown it yet"
    assert reasons["Scripter"] == "mentions none of the competencies your target roles ask for"


def test_equal_matches_go_newest_first_then_by_id(world):
    later = make_posting([world["programme"]], [world["python"]], title="Later", posted_on=date(2026, 12, 1))
    undated = make_posting([world["programme"]], [world["python"]], title="Undated", posted_on=None)
    twin = make_posting([world["programme"]], [world["python"]], title="Twin", posted_on=date(2026, 12, 1))
    titles = [row.posting.title for row in queries.jobs_for_you(world["me"], world["user"], 1)[0].items]
    assert titles[-4:] == [twin.title, later.title, "Scripter", undated.title]


def test_the_saved_state_is_shown_with_the_posting(world):
    saved = make_saved(world["me"], world["both"])
    rows = queries.jobs_for_you(world["me"], world["user"], 1)[0].items
    assert rows[0].saved.id == saved.id and rows[1].saved is None


def test_without_a_cohort_every_visible_job_is_listed_unranked(world):
    page, target = queries.jobs_for_you(world["other"], world["other_user"], 1)
    assert not target.asked
    assert {row.posting.title for row in page.items} == {"Sales negotiator", "CRM admin", "Scripter",
                                                        "Someone else's find"}


@given(asked_ids=st.frozensets(st.integers(1, 30), max_size=8), mentioned=st.lists(st.integers(1, 40), max_size=12),
       shown=st.frozensets(st.integers(1, 30)))
def test_the_reasons_name_every_asked_mention_and_count_what_was_shown(asked_ids, mentioned, shown):
    asked = {skill_id: f"Skill {skill_id:02d}" for skill_id in asked_ids}
    text = Target(asked, shown).reasons([(skill_id, f"Skill {skill_id:02d}") for skill_id in mentioned])
    hits = {skill_id for skill_id in mentioned if skill_id in asked}
    if not hits:
        assert text == "mentions none of the competencies your target roles ask for"
    elif len(hits) == 1:
        assert text.endswith("you have shown it" if hits <= shown else "you have not shown it yet")
    else:
        assert text.endswith(f"you have shown {len(hits & shown)} of {len(hits)}")
    assert all(asked[skill_id] in text for skill_id in hits)


def test_the_jobs_for_you_page_query_count_is_flat(client, login, world):
    login(world["user"])

    def grow():
        for index in range(12):
            make_posting([world["programme"], world["mine"]], [world["negotiation"], world["crm"], world["python"]],
                         title=f"More {index}")
        make_saved(world["me"], world["one_not"])

    assert_query_count_flat(client, "/participant/jobs", grow)


def test_the_applications_page_query_count_is_flat(client, login, world):
    login(world["user"])
    make_saved(world["me"], world["both"])

    def grow():
        for posting in (world["one_shown"], world["one_not"], world["none"]):
            make_saved(world["me"], posting)

    assert_query_count_flat(client, "/participant/job-applications", grow)

"""The staff hiring-need page: its need read by statements built once (employers.queries.hiring_need_detail)
as the eager loaders read it, and its status select kept per status as the form macro renders it."""

from __future__ import annotations

import pytest
from flask import get_template_attribute
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.models import EscoOccupation, Role
from employers import queries, services
from employers.forms import NeedStatusForm
from employers.models import HiringNeed, HiringNeedSkill, HiringNeedStatus, Importance
from tests import factories


@pytest.fixture
def staff(login):
    return login(Role.staff)


def _loaded_by_eager_loaders(need_id: int) -> HiringNeed:
    """The need as the page read it before: joinedload and selectinload."""
    return db.session.scalar(select(HiringNeed).where(HiringNeed.id == need_id).options(
        joinedload(HiringNeed.employer), joinedload(HiringNeed.source_interview),
        joinedload(HiringNeed.esco_occupation),
        selectinload(HiringNeed.competencies).joinedload(HiringNeedSkill.skill)))


def _shown(need: HiringNeed) -> tuple:
    """What the page prints of a need and its relations."""
    return (need.ref, need.employer.name, need.source_interview and need.source_interview.held_on,
            need.esco_occupation and need.esco_occupation.label,
            sorted((c.skill.label, c.skill.esco_uri, c.level, c.importance) for c in need.competencies))


def test_the_need_reads_as_the_eager_loaders_read_it(acme):
    occupation = EscoOccupation(esco_uri="http://data.europa.eu/esco/occupation/x", label="data analyst")
    need = acme.hiring_needs[0]
    need.esco_occupation = occupation
    factories.HiringNeedSkillFactory(hiring_need=need, importance=Importance.nice,
                                     skill=factories.SkillFactory(label="Python", esco_uri="http://esco/python"))
    bare = factories.HiringNeedFactory()
    db.session.commit()
    for need_id in (need.id, bare.id):
        db.session.expunge_all()
        expected = _shown(_loaded_by_eager_loaders(need_id))
        db.session.expunge_all()
        read = queries.hiring_need_detail(need_id)
        loaded = set(read.__dict__)
        assert {"employer", "source_interview", "esco_occupation", "competencies"} <= loaded
        assert _shown(read) == expected
    assert queries.hiring_need_detail(bare.id + 1000) is None


def test_competencies_already_in_the_session_are_kept(acme):
    need = queries.hiring_need_detail(acme.hiring_needs[0].id)
    added = HiringNeedSkill(skill=factories.SkillFactory(label="dbt"), level=2, importance=Importance.must)
    need.competencies.append(added)  # the collection is kept as it is, not read again
    assert queries.hiring_need_detail(need.id) is need and added in need.competencies


def _macro_select(app, status: HiringNeedStatus) -> str:
    """macros/forms.html's render_field of the status form, as the page rendered it inline before."""
    with app.test_request_context():
        form = NeedStatusForm(formdata=None, meta={"csrf": False})
        form.status.choices = [SelectChoice(s.value, s.label) for s in services.NEED_TRANSITIONS[status]]
        return str(get_template_attribute("macros/forms.html", "render_field")(form.status))


@pytest.mark.parametrize("status", list(services.NEED_TRANSITIONS))
def test_the_status_select_is_the_form_macros_for_each_status(app, client, staff, status):
    first, second = (factories.HiringNeedFactory(status=status) for _ in range(2))
    db.session.commit()
    for need in (first, second):  # the second view is served the kept select
        html = client.get(f"/staff/hiring-needs/{need.id}").get_data(as_text=True)
        assert _macro_select(app, status) in html
        assert f'action="/staff/hiring-needs/{need.id}/status"' in html
        assert '<input id="csrf_token" name="csrf_token" type="hidden" value="' in html
        assert html.count('<select id="status" name="status">') == 1


def test_the_status_form_still_changes_the_status(client, staff):
    need = factories.HiringNeedFactory(status=HiringNeedStatus.draft)
    db.session.commit()
    assert 'value="open"' in client.get(f"/staff/hiring-needs/{need.id}").get_data(as_text=True)
    response = client.post(f"/staff/hiring-needs/{need.id}/status", data={"status": "open"})
    assert response.status_code == 302 and need.status == HiringNeedStatus.open
    html = client.get(f"/staff/hiring-needs/{need.id}").get_data(as_text=True)
    assert 'value="filled"' in html and 'value="open"' not in html.split('aria-label="Change status"')[1]

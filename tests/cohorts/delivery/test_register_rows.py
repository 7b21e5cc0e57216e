"""A session's register rows, written in Python (cohorts/delivery/staff_views.register_rows): the markup
the template's Jinja loop gave, for a saved register, a posted one with a bad status and errors, and
names that need escaping; a GET builds no radio field per person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cohorts.delivery.forms import AttendanceForm
from cohorts.delivery.queries import attendance_sheet
from cohorts.delivery.staff_views import register_rows
from cohorts.models import AttendanceStatus
from tests import factories

#: the template's loop before the rows were written in Python (templates/cohorts/attendance/session.html;
#: the indent before its first tag stays in the page)
JINJA_ROWS = """\
{% from "macros/forms.html" import field_errors %}\
{% for p in roster %}
  {% set field = form["p" ~ p.id] %}
  <fieldset class="register__row{% if field.errors %} field--error{% endif %}"{% if field.errors %} \
aria-describedby="{{ field.id }}-errors"{% endif %}>
    <legend>{{ p.full_name }}{% if p.id in marked %} <span class="muted">— saved: {{ marked[p.id]|humanize }}\
</span>{% endif %}</legend>
    <div class="register__choices">
    {% for choice in field.iter_choices() %}{% set option_id = field.id ~ "-" ~ loop.index0 %}
      <label class="choice" for="{{ option_id }}"><input {% if choice.selected %}checked {% endif %}\
id="{{ option_id }}" name="{{ field.name }}" type="radio" value="{{ choice.value }}"> \
{{ choice.label or choice.value }}</label>
    {% endfor %}
    </div>
    {{ field_errors(field) }}
  </fieldset>
  {% endfor %}
"""


def _register():
    cohort = factories.CohortFactory()
    session = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(hours=1))
    odd = factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(
        first_name="Zoë", last_name="O'Brien <&> \"Jr\"")).participant
    marked = factories.EnrolmentFactory(cohort=cohort).participant
    factories.EnrolmentFactory(cohort=cohort)
    factories.AttendanceFactory(session=session, participant=marked, status=AttendanceStatus.excused)
    factories.AttendanceFactory(session=session, participant=odd, status=AttendanceStatus.late)
    return session, odd, marked


def test_saved_rows_are_the_markup_of_the_template_loop(app):
    session, _, _ = _register()
    with app.test_request_context():
        sheet = attendance_sheet(session)
        # the loop read the radio group built for the roster; the page's GET builds none
        full = AttendanceForm.for_roster(sheet["roster"], sheet["marked"])
        expected = app.jinja_env.from_string(JINJA_ROWS).render(form=full, **sheet)
        assert str(register_rows(sheet["roster"], sheet["marked"], AttendanceForm())) == expected
        assert str(register_rows(sheet["roster"], sheet["marked"], full)) == expected
        assert "O&#39;Brien &lt;&amp;&gt; &#34;Jr&#34;" in expected and expected.count("checked ") == 2


def test_posted_rows_with_errors_are_the_markup_of_the_template_loop(app):
    session, odd, marked = _register()
    posted = {f"p{odd.id}": "gone <b>", f"p{marked.id}": "present"}
    with app.test_request_context(method="POST", data=posted):
        sheet = attendance_sheet(session)
        form = AttendanceForm.for_roster(sheet["roster"], sheet["marked"], meta={"csrf": False})
        assert not form.validate()
        expected = app.jinja_env.from_string(JINJA_ROWS).render(form=form, **sheet)
        assert str(register_rows(sheet["roster"], sheet["marked"], form)) == expected
        assert "field--error" in expected and "Choose present, late, absent or excused." in expected


def test_the_page_shows_the_rows_and_a_bad_post_keeps_the_choices(client, login):
    session, odd, marked = _register()
    login("staff")
    page = client.get(f"/staff/sessions/{session.id}/attendance").text
    assert page.count('type="radio"') == 12 and "— saved: Excused" in page
    response = client.post(f"/staff/sessions/{session.id}/attendance",
                           data={f"p{odd.id}": "gone", f"p{marked.id}": "present"})
    assert response.status_code == 400 and f'aria-describedby="p{odd.id}-errors"' in response.text
    assert f'checked id="p{marked.id}-0"' in response.text

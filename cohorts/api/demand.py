"""Skills, employers, contacts and hiring needs: an employer's token sees only its own employer."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.errors import RuleError
from app.extensions import db
from app.models import Role
from app.skills.vocabulary import search_skills
from cohorts.api import schemas as s
from cohorts.api.auth import api_user, is_staff, requires
from cohorts.api.blueprints import api_blueprint
from cohorts.api.paging import PageArgs, check_if_match, page_of
from cohorts.api.problems import refuse
from employers import services as employer_services
from employers.models import Contact, Employer, HiringNeed, HiringNeedSkill

blp = api_blueprint("demand", "Skills, employers, contacts and hiring needs with their competencies.")


def _employer_scope():
    """None for staff (every employer); the token user's employer id otherwise."""
    if is_staff():
        return None
    user = api_user()
    if user.role != Role.employer or user.employer_id is None:
        abort(403, description="Only staff and employer tokens read demand.")
    return user.employer_id


def _visible_need(need_id: int) -> HiringNeed:
    scope = _employer_scope()
    need = db.session.scalar(select(HiringNeed).where(HiringNeed.id == need_id).options(
        selectinload(HiringNeed.competencies).selectinload(HiringNeedSkill.skill)))
    if need is None or (scope is not None and need.employer_id != scope):
        abort(404, description="No such hiring need.")
    return need


@blp.route("/skills")
@blp.arguments(s.SkillSearchArgs, location="query")
@blp.response(200, s.SkillSchema(many=True))
@requires("read:skills")
def skills(args):
    """Search the skills catalogue by label."""
    return search_skills(args["q"], limit=args["limit"])


@blp.route("/employers")
@blp.arguments(s.EmployerArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.EmployerSchema, "EmployerPage"))
@requires("read:demand")
def employers(filters, **page):
    """Employers (an employer token: its own)."""
    query = select(Employer)
    if (scope := _employer_scope()) is not None:
        query = query.where(Employer.id == scope)
    for name in ("sector", "region", "status"):
        if filters.get(name):
            query = query.where(getattr(Employer, name) == filters[name])
    return page_of(query, Employer, page)


@blp.route("/employers/<int(max=2147483647):employer_id>")
@blp.response(200, s.EmployerSchema)
@requires("read:demand")
def employer(employer_id):
    """One employer."""
    scope = _employer_scope()
    found = db.session.get(Employer, employer_id)
    if found is None or (scope is not None and found.id != scope):
        abort(404, description="No such employer.")
    return found


@blp.route("/employers/<int(max=2147483647):employer_id>/contacts")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.ContactSchema, "ContactPage"))
@requires("read:demand")
def contacts(employer_id, **page):
    """An employer's current contacts."""
    scope = _employer_scope()
    if db.session.get(Employer, employer_id) is None or (scope is not None and employer_id != scope):
        abort(404, description="No such employer.")
    query = select(Contact).where(Contact.employer_id == employer_id, Contact.archived_at.is_(None))
    return page_of(query, Contact, page)


@blp.route("/hiring-needs")
class HiringNeeds(MethodView):
    @blp.arguments(s.HiringNeedArgs, location="query")
    @blp.arguments(PageArgs, location="query", as_kwargs=True)
    @blp.response(200, s.page_schema(s.HiringNeedSchema, "HiringNeedPage"))
    @requires("read:demand")
    def get(self, filters, **page):
        """Hiring needs with their competencies (an employer token: its own)."""
        query = select(HiringNeed).options(
            selectinload(HiringNeed.competencies).selectinload(HiringNeedSkill.skill))
        if (scope := _employer_scope()) is not None:
            query = query.where(HiringNeed.employer_id == scope)
        for name in ("employer_id", "status", "region"):
            if filters.get(name) is not None:
                query = query.where(getattr(HiringNeed, name) == filters[name])
        return page_of(query, HiringNeed, page)

    @blp.arguments(s.HiringNeedSchema)
    @blp.response(201, s.HiringNeedSchema)
    @requires("write:demand")
    def post(self, data):
        """Create a hiring need (an employer token: for its own employer only)."""
        scope = _employer_scope()
        employer_id = data.pop("employer_id")
        found = db.session.get(Employer, employer_id)
        if found is None or (scope is not None and employer_id != scope):
            abort(422, description="No such employer.")
        try:
            need = employer_services.create_hiring_need(found, api_user(), **data)
            db.session.flush()
        except RuleError as error:
            refuse(error)
        db.session.commit()
        return _visible_need(need.id)


@blp.route("/hiring-needs/<int(max=2147483647):need_id>")
class HiringNeedItem(MethodView):
    @blp.response(200, s.HiringNeedSchema)
    @requires("read:demand")
    def get(self, need_id):
        """One hiring need with its competencies."""
        return _visible_need(need_id)

    @blp.arguments(s.HiringNeedEdit)
    @blp.response(200, s.HiringNeedSchema)
    @requires("write:demand")
    def patch(self, data, need_id):
        """Edit a hiring need; send If-Match (its ETag) or ``version`` to refuse a lost update (412)."""
        need = _visible_need(need_id)
        check_if_match(s.HiringNeedSchema(), need, data.pop("version", None))
        try:
            employer_services.update_hiring_need(need, api_user(), **data)
            db.session.flush()
        except RuleError as error:
            refuse(error)
        db.session.commit()
        return _visible_need(need_id)

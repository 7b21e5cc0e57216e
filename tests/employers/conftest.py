"""Fixtures of the demand-side tests: the question bank and a small employer with its records."""

from __future__ import annotations

import pytest

from app.models import Role
from employers.question_bank import ensure_question_bank
from tests import factories


@pytest.fixture
def bank():
    """The standard question bank, as {key: question}."""
    return {question.key: question for question in ensure_question_bank()}


@pytest.fixture
def staff_user():
    return factories.user_for_role(Role.staff)


@pytest.fixture
def acme():
    """An employer with a contact, an interview and an open need with one competency."""
    employer = factories.EmployerFactory(name="Acme Analytics", sector="Technology", region="Toronto")
    factories.ContactFactory(employer=employer, name="Ada Lovelace", email="ada@acme.example")
    interview = factories.DiscoveryInterviewFactory(employer=employer)
    need = factories.HiringNeedFactory(employer=employer, ref="HN-0100", role_title="Data Analyst",
                                       source_interview=interview)
    factories.HiringNeedSkillFactory(hiring_need=need, skill=factories.SkillFactory(label="SQL"), level=3)
    return employer


def other_employer_records():
    """Another employer's need and interview: what a contact must never reach."""
    other = factories.EmployerFactory(name="Other Co")
    return factories.HiringNeedFactory(employer=other), factories.DiscoveryInterviewFactory(employer=other)

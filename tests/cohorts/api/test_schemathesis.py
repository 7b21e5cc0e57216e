"""Every operation of the served OpenAPI document, for each role's token: no server error, and every
response the document describes matches its schema (schemathesis, derandomized, few examples)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

#: examples per operation and role: enough to reach the 2xx, 4xx and 404 paths, fast enough for make test
EXAMPLES = 10


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, [op.label for op in operations]
    return operations


@pytest.mark.parametrize("role", ["staff", "employer", "participant"])
def test_every_operation_conforms_for_each_role(app, demand, tokens, role):
    _, headers = tokens[role]
    #: half the examples name the fixture's real records, so reads and writes reach them (not only 404s)
    real = {"employer_id": demand["mine"].id, "need_id": demand["need"].id, "cohort_id": demand["cohort"].id,
            "session_id": demand["session"].id, "participant_id": demand["participant"].id,
            "candidacy_id": demand["candidacy"].id, "placement_id": demand["placement"].id}
    failures = []
    for operation in _operations(app):

        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=operation.as_strategy(), use_real=st.booleans())
        def run(case, use_real):
            if use_real and case.path_parameters:
                case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as error:  # noqa: BLE001 — collect every operation's failure, then report them together
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:1500]}")
    assert not failures, f"{role}:\n" + "\n\n".join(failures)

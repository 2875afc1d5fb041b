"""Every operation of the OpenAPI schema, fuzzed by schemathesis against a live server.

About 25 generated requests per operation (positive and negative, derandomized:
the same requests every run, no deadline) go to the app under uvicorn, and
each answer must pass every check schemathesis has: no 5xx; a documented
status, content type and body schema; schema-valid requests accepted and
schema-violating ones refused.

Two things the schema cannot say are checked otherwise:

* a SPARQL query is a language, not a JSON schema: a generated string is
  "schema-valid" without being a query, and 400 is the right answer to it, so
  ``/sparql`` is not held to positive-data acceptance (every other check holds);
* ``date_from`` must not be after ``date_to`` (its description says so;
  OpenAPI has no constraint across parameters): such a request is checked for
  a refusal (the 422 that names ``date_from``, or a 404 for an unknown id met
  first) instead of for acceptance.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from honduras_kg.config import Settings
from honduras_kg.lookups.dates import first_day, last_day
from honduras_kg.web import create_app

# Built without starting it: the schema needs no store. The requests go to `live_url`.
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schemathesis.serializer("application/sparql-query")
def _sparql_query(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    return str(value).encode("utf-8")


def _inverted_window(query: dict[str, Any] | None) -> bool:
    """Whether ``query`` holds a date window whose start is after its end."""
    start, end = (query or {}).get("date_from"), (query or {}).get("date_to")
    if not (isinstance(start, str) and isinstance(end, str)):
        return False
    try:
        return first_day(start) > last_day(end)
    except ValueError:  # not dates at all: an ordinary negative case
        return False


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_operation_conforms(case: schemathesis.Case, live_url: str) -> None:
    inverted = _inverted_window(case.query)
    excluded = [positive_data_acceptance] if case.path == "/sparql" or inverted else []
    response = case.call_and_validate(base_url=live_url, excluded_checks=excluded)
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if inverted and positive:  # checked here instead: refused (unless an id is unknown first)
        assert response.status_code in (404, 422)
        if response.status_code == 422:
            assert response.json()["detail"].startswith("date_from:")

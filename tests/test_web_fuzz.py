"""A bounded fuzz run over /openapi.json (schemathesis): whatever the query, the
service answers 2xx/3xx/4xx as documented, never a 500, in the documented media type.
About 25 s (a dozen examples per endpoint), hence ``slow``."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from salat.web import create_app

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(env={}))


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_fuzz_openapi(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance])

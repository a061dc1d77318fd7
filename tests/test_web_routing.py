"""How a request finds its endpoint and its parameters: the routes tried hot
paths first (safe only because no two patterns match one path), and the query
read exactly as Starlette reads it.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from starlette.requests import Request
from starlette.routing import Match

from salat.web import create_app
from salat.web.assembly import ENDPOINTS, HOT_PATHS, query_pairs

SAMPLES = ("2026", "11", "27-11-2026", "33.5", "x", "from", "to")


def _scope(path: str, query: bytes = b"") -> dict:
    return {"type": "http", "method": "GET", "path": path, "root_path": "",
            "query_string": query, "headers": []}


def test_no_two_routes_match_one_path():
    routes = create_app(env={}).router.routes
    for r in routes:
        names = re.findall(r"{(\w+)}", r.path)
        for sample in SAMPLES:
            path = re.sub(r"{\w+}", sample, r.path)
            full = [o.path for o in routes if o.matches(_scope(path))[0] == Match.FULL]
            assert full == [r.path], (path, names, full)


def test_hot_paths_are_tried_first_and_every_endpoint_is_routed():
    paths = [r.path for r in create_app(env={}).router.routes]
    assert paths[:len(HOT_PATHS)] == list(HOT_PATHS)
    assert set(paths) == {ep.path for ep in ENDPOINTS} | {"/openapi.json", "/docs"}
    assert len(paths) == len(set(paths))


@pytest.mark.parametrize("query", [
    b"", b"lat=1&lon=2", b"a=&b", b"name=Caf%C3%A9+de+Flore", b"x=%E9&x=2&x=",
    b"q=a%26b%3Dc", b"lat=1;lon=2", b"=v&k=", b"%zz=1", b"name=\xe9t\xe9",
])
def test_the_query_is_read_as_starlette_reads_it(query):
    request = Request(_scope("/times", query))
    assert query_pairs(request) == tuple(request.query_params.multi_items())


@pytest.mark.parametrize("doc", [
    {"code": 200, "status": "OK", "data": {"timings": {"Fajr": "06:12", "Isha": None}}},
    {"name": "الدار البيضاء", "lat": 33.5731, "lon": -7.5898, "ok": True, "n": 0},
    {"neg": -0.0, "list": [1, 2.5, "x"], "tuple": (1, 2), "lat": -89.99999, "e": 0.0001},
    {1: "one", 2: {"nested": [None, False]}},
    {"np": [np.float64(33.5), np.int64(7), np.bool_(True), np.float32(0.5)]},
    ["a\u202eb", "tab\t", "quote\"", "back\\slash", "\U0001F54C"],
])
def test_json_bodies_are_the_standard_librarys_bytes(doc):
    from salat.web.endpoint import json_body
    want = json.dumps(doc, ensure_ascii=False, separators=(",", ":"),
                      default=lambda v: v.item()).encode("utf-8")
    assert json_body(doc) == want


def test_json_numbers_in_exponent_form_read_back_the_same():
    from salat.web.endpoint import json_body
    doc = {"tiny": 1e-7, "big": 1e16, "lat": 1.5e-5, "x": 123456789.123456789}
    assert json.loads(json_body(doc)) == doc          # spelled 1e-7, where json has 1e-07


def test_json_bodies_refuse_what_json_refuses():
    from salat.web.endpoint import json_body
    with pytest.raises(TypeError):
        json_body({"x": object()})

"""``/openapi.json`` and ``/docs``, written from the endpoints' parameter tables.

The docs page is plain HTML with its own stylesheet: it loads nothing from
anywhere (no CDN script), like everything this server sends.
"""

from __future__ import annotations

import json
from html import escape
from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import salat
from salat.widgets import assets

from .caching import Answer, respond
from .endpoint import Endpoint
from .params import MAX_QUERY, openapi_parameters

__all__ = ["document", "docs_page", "routes", "DOCS_CACHE"]

#: The document and the page change with the server's version: a client keeps them
#: but asks again each time (a 304 while the ETag matches), never for a year.
DOCS_CACHE = "no-cache"


def document(endpoints: Sequence[Endpoint]) -> dict:
    """The OpenAPI 3.1 document of ``endpoints``."""
    paths = {}
    for ep in endpoints:
        error = dict(ep.errors.schema)
        responses = {
            "200": {"description": "OK", "content": {ep.media_type: {}},
                    "headers": {"ETag": {"schema": {"type": "string"}},
                                "Cache-Control": {"schema": {"type": "string"}}}},
            "304": {"description": "Not modified (If-None-Match matched the ETag)."},
            "400": {"description": "A parameter cannot be used; the body names it.",
                    "content": {"application/json": {"schema": error}}},
            "414": {"description": f"The path or the query is longer than {MAX_QUERY} bytes.",
                    "content": {"application/json": {"schema": error}}},
        }
        if ep.redirects:
            responses["301"] = {"description": "Moved to the path form (AlAdhan)."}
            responses["302"] = {"description": "Redirect to the dated URL (AlAdhan)."}
        params = openapi_parameters(ep.path_params, "path") + \
            openapi_parameters(ep.params, "query", ep.required)
        paths[ep.path] = {"get": {"operationId": ep.name, "summary": ep.summary,
                                  "tags": [ep.tag], "parameters": params,
                                  "responses": responses}}
    return {"openapi": "3.1.0",
            "info": {"title": "salat", "version": salat.__version__,
                     "description": "Islamic prayer times, widgets, files and calendar feeds, "
                                    "with AlAdhan-compatible endpoints under /v1/. "
                                    f"Queries are at most {MAX_QUERY} bytes."},
            "paths": paths}


_STYLE = ("body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
          "padding:0 1rem;color:#222;background:#fff}code{background:#f3f3f3;padding:0 .2em}"
          "table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}"
          "th,td{border-bottom:1px solid #ddd;text-align:start;padding:.2rem .4rem;"
          "vertical-align:top}h2{margin-top:2rem;font-size:1.1rem}")


def docs_page(endpoints: Sequence[Endpoint]) -> str:
    """A browsable page of every endpoint and parameter."""
    parts = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>salat {escape(salat.__version__)}: HTTP API</title>"
             f"<style>{_STYLE}</style></head><body><main>"
             f"<h1>salat HTTP API</h1><p>Every endpoint answers GET; errors are 400 with a JSON "
             f"body naming the parameter. The machine-readable document is "
             f"<a href=\"openapi.json\"><code>/openapi.json</code></a>.</p>"]
    for ep in endpoints:
        parts.append(f"<h2><code>GET {escape(ep.path)}</code></h2><p>{escape(ep.summary)}</p>")
        rows = list(openapi_parameters(ep.path_params, "path")) + \
            list(openapi_parameters(ep.params, "query", ep.required))
        if rows:
            parts.append("<table><thead><tr><th scope=\"col\">parameter</th>"
                         "<th scope=\"col\">in</th><th scope=\"col\">description</th></tr>"
                         "</thead><tbody>")
            for r in rows:
                need = " (required)" if r["required"] and r["in"] == "query" else ""
                parts.append(f"<tr><td><code>{escape(r['name'])}</code>{need}</td>"
                             f"<td>{r['in']}</td><td>{escape(r['description'])}</td></tr>")
            parts.append("</tbody></table>")
    parts.append("</main></body></html>\n")
    return "".join(parts)


def routes(endpoints: Sequence[Endpoint]) -> list[Route]:
    """The two routes: ``/openapi.json`` and ``/docs`` (which no page may frame)."""
    spec = Answer(json.dumps(document(endpoints), ensure_ascii=False).encode("utf-8"),
                  "application/json", headers={"Cache-Control": DOCS_CACHE})
    page_text = docs_page(endpoints)
    page = Answer(page_text.encode("utf-8"), "text/html; charset=utf-8",
                  headers={"Content-Security-Policy": assets.csp([_STYLE], (), "'none'"),
                           "Cache-Control": DOCS_CACHE})

    async def openapi_json(request: Request) -> Response:
        return respond(request, spec)

    async def docs(request: Request) -> Response:
        return respond(request, page)

    return [Route("/openapi.json", openapi_json, methods=["GET"], name="openapi"),
            Route("/docs", docs, methods=["GET"], name="docs")]

"""``salat serve``: prayer times over HTTP (the ``[web]`` extra: Starlette and uvicorn).

>>> from salat.web import create_app               # doctest: +SKIP
>>> app = create_app(places="mosques.csv", frame_ancestors="https://example.org")

``salat.web:app`` is an app configured from the environment
(``SALAT_WEB_PLACES``, ``SALAT_WEB_FRAME_ANCESTORS``, ``SALAT_WEB_CORS``), for
``uvicorn salat.web:app`` or any ASGI server. The modules, lowest first:
:mod:`.params` (parameter tables), :mod:`.caching` (memo, ETag, Cache-Control),
:mod:`.endpoint` (the endpoint type, JSON body, error shapes), :mod:`.core`
(the service, places, parameter groups), :mod:`.native` (salat's endpoints),
:mod:`.mosques` (``?mosque=``, for ``--mosques DIR``),
:mod:`.aladhan` (the ``/v1/`` layer), :mod:`.openapi` (``/openapi.json`` and
``/docs``), :mod:`.assembly` (the app, its errors and guard; not called ``app``,
the name of the built app), :mod:`.server` (uvicorn).
``import salat`` never imports this package.
"""

from __future__ import annotations

from typing import Any

from .assembly import create_app

__all__ = ["create_app", "app"]


def __getattr__(name: str) -> Any:
    # Built on first use, so that importing salat.web reads no file and no variable.
    if name == "app":
        globals()["app"] = built = create_app()
        return built
    raise AttributeError(f"module 'salat.web' has no attribute {name!r}")

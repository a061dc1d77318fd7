"""The widget's CSS and script, read once from the package and lightly compacted."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib.resources import files

from salat.inputs import InputError

__all__ = ["csp_hash", "script", "stylesheet"]


@cache
def _read(name: str) -> str:
    return (files("salat.widgets") / "assets" / name).read_text(encoding="utf-8")


def _compact(text: str, comment: str) -> str:
    """Drop indentation, blank lines and whole-line comments (the assets are written for this)."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(comment))


#: The extra stylesheet of each kind of widget (``picker``: the city picker).
_KIND_CSS = {"day": [], "month": ["month.css"], "strip": ["strip.css"], "picker": ["picker.css"]}


def stylesheet(kind: str = "day", page: bool = False) -> str:
    """The CSS every widget needs, plus what ``kind`` adds: ``"month"`` the reflowing
    table and A4 print rules, ``"strip"`` the one-line layout, ``"picker"`` the city
    picker; ``page=True`` adds the body rules of a standalone page.

    Serve it yourself (and pass ``css=False`` to the widget) to share it between widgets.
    """
    if kind not in _KIND_CSS:
        raise InputError(f"kind: got {kind!r}; allowed: {', '.join(map(repr, _KIND_CSS))}")
    names = ["widget.css", *_KIND_CSS[kind]] + (["page.css"] if page else [])
    return "\n".join(_compact(_read(name), "/*") for name in names)


def script(kind: str = "day") -> str:
    """The optional widget script (countdown, highlight, roll-over); ``kind="picker"``
    adds the city picker's.  Safe to serve as a file.
    """
    names = ["widget.js"] + (["picker.js"] if kind == "picker" else [])
    return "\n".join(_compact(_read(name), "//") for name in names)


def csp_hash(text: str) -> str:
    """A CSP source expression (``'sha256-...'``) allowing an inline ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"

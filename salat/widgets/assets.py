"""The widget's CSS and script, read once from the package and lightly compacted."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from importlib.resources import files

__all__ = ["csp_hash", "script", "stylesheet"]


@lru_cache(maxsize=None)
def _read(name: str) -> str:
    return (files("salat.widgets") / "assets" / name).read_text(encoding="utf-8")


def _compact(text: str, comment: str) -> str:
    """Drop indentation, blank lines and whole-line comments (the assets are written for this)."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(comment))


def stylesheet(kind: str = "day", page: bool = False) -> str:
    """The CSS every widget needs; ``kind="month"`` adds the table and A4 print rules,
    ``page=True`` the body rules of a standalone page.

    Serve it yourself (and pass ``css=False`` to the widget) to share it between widgets.
    """
    names = ["widget.css"] + (["month.css"] if kind == "month" else []) + (["page.css"] if page else [])
    return "\n".join(_compact(_read(name), "/*") for name in names)


def script() -> str:
    """The optional widget script (countdown, highlight, roll-over); safe to serve as a file."""
    return _compact(_read("widget.js"), "//")


def csp_hash(text: str) -> str:
    """A CSP source expression (``'sha256-...'``) allowing an inline ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"

"""The widget's CSS and script, read once from the package and compacted; its palette; its CSP.

Browser baseline, for the CSS and the script alike: the browsers of 2024 (Chrome/Edge 123,
Firefox 120, Safari 17.5): ``light-dark()``, ``@container``, ``color-mix()``, ES2020.  Older
browsers still get the static HTML (the times are text in a table); the colours fall back
to the host page's.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from salat.inputs import InputError

__all__ = ["DERIVED_TOKENS", "PALETTE", "csp", "csp_hash", "script", "stylesheet",
           "tokens_css"]

#: The palette, declared once: role (the key of ``widget(colors=...)``) ->
#: (custom property, light value, dark value).  The CSS tokens are generated from it.
PALETTE: dict[str, tuple[str, str, str]] = {
    "background": ("--salat-bg", "#fff", "#15181d"),
    "text": ("--salat-fg", "#1b1f24", "#e9edf1"),
    "accent": ("--salat-accent", "#0a6b4b", "#5fd0a4"),
    "border": ("--salat-border", "#cfd6dd", "#3a414b"),
    "muted": ("--salat-muted", "#4d5661", "#aab4bf"),
}
#: Tokens made from the palette: the tint behind the next prayer, the bar that marks it.
DERIVED_TOKENS: dict[str, str] = {
    "--salat-accent-tint": "color-mix(in srgb,var(--salat-accent) 14%,transparent)",
    "--salat-marker": ".25em solid var(--salat-accent)",
}


@cache
def _read(name: str) -> str:
    return (files("salat.widgets") / "assets" / name).read_text(encoding="utf-8")


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE = re.compile(r"\s*([{};,>])\s*|(?<=:)\s+")
_JS_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)


def _compact(text: str, language: str) -> str:
    """Drop comments (``/* ... */`` over any number of lines; in the script also whole-line
    ``//`` comments), indentation and blank lines; in CSS also the spaces around ``{};,>``
    and after ``:`` (the sources never put a space before a pseudo-class).
    """
    text = _CSS_COMMENT.sub("", text)
    if language == "js":
        text = _JS_LINE_COMMENT.sub("", text)
    lines = (line.strip() for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    if language == "css":
        text = _CSS_SPACE.sub(lambda m: m.group(1) or "", text).replace(";}", "}")
    return text


def tokens_css() -> str:
    """The custom properties of every widget, from :data:`PALETTE` and :data:`DERIVED_TOKENS`:
    each colour a ``light-dark()`` pair that follows the widget's ``color-scheme``.
    """
    decls = [f"{prop}:light-dark({light},{dark})" for prop, light, dark in PALETTE.values()]
    decls += [f"{prop}:{value}" for prop, value in DERIVED_TOKENS.items()]
    return ".salat-w{" + ";".join(decls) + "}"


#: The extra stylesheets of each kind of widget (``picker``: the city picker).
_KIND_CSS = {"day": [], "week": ["week.css"], "month": ["month.css"], "strip": ["strip.css"],
             "picker": ["picker.css"], "screen": ["screen.css"], "ramadan": ["ramadan.css"],
             "chart": ["chart.css"]}


def stylesheet(kind: str = "day", page: bool = False) -> str:
    """The CSS every widget needs, plus what ``kind`` adds: ``"month"`` the reflowing
    table and A4 print rules, ``"week"`` the sidebar's table, ``"strip"`` the one-line
    layout, ``"picker"`` the city picker; ``page=True`` adds the body rules of a
    standalone page.

    Serve it yourself (and pass ``css=False`` to the widget) to share it between widgets.
    """
    if kind not in _KIND_CSS:
        raise InputError(f"kind: got {kind!r}; allowed: {', '.join(map(repr, _KIND_CSS))}")
    names = ["widget.css", *_KIND_CSS[kind]] + (["page.css"] if page else [])
    return tokens_css() + "\n" + "\n".join(_compact(_read(name), "css") for name in names)


def script(kind: str = "day") -> str:
    """The optional widget script (countdown, highlight, roll-over); ``kind="picker"``
    adds the city picker's; ``kind="screen"`` is the mosque screen's own.  Safe to serve
    as a file.
    """
    if kind == "screen":
        return _compact(_read("screen.js"), "js")
    names = ["widget.js"] + (["picker.js"] if kind == "picker" else [])
    return "\n".join(_compact(_read(name), "js") for name in names)


def csp_hash(text: str) -> str:
    """A CSP source expression (``'sha256-...'``) allowing an inline ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(styles: Iterable[str], scripts: Iterable[str], ancestors: str | None = None) -> str:
    """The strict Content-Security-Policy of a widget page: nothing loaded, the given
    inline ``<style>`` and ``<script>`` texts allowed by hash, no base or form target.

    Parameters
    ----------
    styles, scripts
        The texts of the page's inline ``<style>`` and ``<script>`` elements.
    ancestors
        The ``frame-ancestors`` sources (``"'none'"``, ``"https://example.org"``, ``"*"``);
        ``None`` leaves the directive out (a ``<meta>`` policy cannot carry it).

    Returns
    -------
    str
        The policy, for a header or a ``<meta http-equiv>``.
    """
    def sources(texts: Iterable[str]) -> str:
        return " ".join(dict.fromkeys(csp_hash(t) for t in texts if t)) or "'none'"

    policy = (f"default-src 'none'; style-src {sources(styles)}; "
              f"script-src {sources(scripts)}; img-src 'none'; base-uri 'none'; "
              "form-action 'none'")
    return policy + (f"; frame-ancestors {ancestors}" if ancestors is not None else "")

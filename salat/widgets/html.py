"""A tiny safe-by-default HTML builder: text is escaped unless it is already :class:`Html`.

>>> h("p", "a < b", h("b", "bold"), class_="x")
'<p class="x">a &lt; b<b>bold</b></p>'

Every string that is not :class:`Html` is escaped when it goes into markup (as markupsafe
does), so forgetting to escape cannot happen; only :func:`h`, :func:`join` and
:func:`raw` make :class:`Html`, and :func:`raw` is kept for the widget's own CSS and script.
Names given by callers are also cleaned here (:func:`clean_name`): control characters are
refused and bidi embedding/override characters removed, and the builders isolate them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html import escape

from salat.inputs import InputError

__all__ = ["Html", "attrs", "clean_name", "esc", "h", "isolate", "join", "raw"]

#: Elements without an end tag.
VOID = frozenset({"meta", "br", "img", "link", "input"})
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): removed from
# names, which the markup isolates itself; the marks LRM, RLM and ALM are harmless and kept.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


class Html(str):
    """Markup that is already safe: :func:`esc` and :func:`h` pass it through unchanged."""

    __slots__ = ()

    def __html__(self) -> str:
        """The markup itself (the protocol markupsafe and Jinja read)."""
        return self


def esc(value: object) -> Html:
    """``value`` as HTML: :class:`Html` as is, anything else as escaped text."""
    return value if isinstance(value, Html) else Html(escape(str(value)))


def raw(text: str) -> Html:
    """Trusted markup (the package's own CSS and script): not escaped."""
    return Html(text)


def attrs(**values: object) -> Html:
    """`` name="value"`` pairs, escaped; ``None`` and ``False`` leave an attribute out and
    ``True`` writes a bare boolean attribute (``hidden``).

    A trailing ``_`` is dropped (``class_``) and ``_`` becomes ``-`` (``data_prayer``).
    """
    def one(key: str, value: object) -> str:
        key = key.rstrip("_").replace("_", "-")
        return f" {key}" if value is True else f' {key}="{escape(str(value))}"'

    return Html("".join(one(k, v) for k, v in values.items() if v is not None and v is not False))


def h(tag: str, *children: object, **attributes: object) -> Html:
    """An element: ``children`` escaped unless :class:`Html` (``None`` children skipped)."""
    opening = f"<{tag}{attrs(**attributes)}>"
    if tag in VOID:
        return Html(opening)
    return Html(opening + join(children) + f"</{tag}>")


def join(parts: Iterable[object], sep: str = "") -> Html:
    """The parts one after the other (each escaped unless :class:`Html`; ``None`` skipped)."""
    return Html(esc(sep).join(esc(p) for p in parts if p is not None))


def isolate(text: str) -> str:
    """Plain text wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, for places
    where markup cannot isolate it (``<title>``, ``<option>``, attribute values).
    """
    return f"\u2068{text}\u2069"


def clean_name(value: object, argument: str = "name") -> str:
    """A caller's name (a title, a city) made safe to show: text without control characters
    (refused: a CR LF in a title is an injection, not a name) and without bidi embedding or
    override characters (removed: an unmatched RIGHT-TO-LEFT OVERRIDE reverses what follows).

    Raises
    ------
    InputError
        When ``value`` is not a string or holds a control character, naming ``argument``.
    """
    if not isinstance(value, str):
        raise InputError(f"{argument}: got {type(value).__name__} {value!r}; allowed: a text")
    bad = sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cc"})
    if bad:
        raise InputError(f"{argument}: got {value[:40]!r}; control characters ({', '.join(bad)}) "
                         "are not allowed in a name")
    return _BIDI_CONTROLS.sub("", value)

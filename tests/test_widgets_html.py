"""The safe-by-default HTML builder, the CSS compactor, the palette and the one CSP builder."""

from __future__ import annotations

import re
from html import escape

import pytest

from salat.widgets import assets, csp, script, stylesheet
from salat.widgets.html import Html, attrs, clean_name, esc, h, join, raw
from salat.widgets.render import COLOR_KEYS


def test_text_is_escaped_and_markup_passes_through():
    assert h("p", "<b>", h("b", "x&y")) == "<p>&lt;b&gt;<b>x&amp;y</b></p>"
    assert esc(Html("<i>")) == "<i>" and esc("<i>") == "&lt;i&gt;"
    assert escape(Html("<i>")) != "<i>"  # only our esc() knows Html; html.escape never trusts
    assert join(["<", None, raw("<br>")]) == "&lt;<br>"
    assert isinstance(h("p"), Html) and isinstance(join([]), Html)


def test_attributes_escape_and_drop_none_and_false():
    assert attrs(class_="a\"b", data_x=None, hidden=True, open=False) == ' class="a&quot;b" hidden'
    assert h("meta", charset="utf-8") == '<meta charset="utf-8">'   # void: no end tag
    assert h("td", 3, data_prayer="fajr") == '<td data-prayer="fajr">3</td>'


def test_clean_name():
    assert clean_name("Casa\u202eblanca\u202c") == "Casablanca"
    assert clean_name("\u2067الرباط\u2069") == "الرباط"
    assert clean_name("a\u200fb") == "a\u200fb"     # a mark, not an override: kept
    with pytest.raises(ValueError, match=r"city: got 'x\\r\\ny'; control characters "
                                         r"\(U\+000A, U\+000D\)"):
        clean_name("x\r\ny", "city")


def test_compact_strips_comments_over_several_lines():
    css = "/* one\n   two */\na {\n  color: red; /* inline */\n}\n"
    assert assets._compact(css, "css") == "a{color:red}"
    js = "// a line\nvar a = 1; /* b\n c */\n"
    assert assets._compact(js, "js") == "var a = 1;"
    for kind in ("day", "month", "strip", "picker"):
        assert "/*" not in stylesheet(kind) and "*/" not in stylesheet(kind)
    assert "/*" not in script("picker") and "\n//" not in script("picker")


def test_palette_is_declared_once():
    css = stylesheet()
    for role, (prop, light, dark) in assets.PALETTE.items():
        assert COLOR_KEYS[role] == prop
        assert css.count(f"{prop}:light-dark(") == 1 and f"light-dark({light},{dark})" in css
    for token, value in assets.DERIVED_TOKENS.items():
        assert stylesheet("strip").count(value) == 1
        assert f"var({token})" in stylesheet("strip")
    assert "color-mix" not in css.replace(assets.DERIVED_TOKENS["--salat-accent-tint"], "")


def test_csp_builder():
    policy = csp(["a{}", "a{}", ""], [], "'none'")
    assert policy == (f"default-src 'none'; style-src {assets.csp_hash('a{}')}; "
                      "script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'; "
                      "frame-ancestors 'none'")
    assert "frame-ancestors" not in csp([], ["x"])


def test_a_widget_knows_its_policy():
    from salat.widgets import widget
    from test_widgets import at, fake_day
    w = widget(fake_day(), now=at(14), nonce=None)
    style = re.search(r"<style>(.*?)</style>", w, re.S).group(1)
    js = re.search(r"<script>(.*?)</script>", w, re.S).group(1)
    assert w.csp("https://news.example") == csp([style], [js], "https://news.example")
    page = widget(fake_day(), now=at(14), page=True)
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert meta.replace("&#x27;", "'") == page.csp()

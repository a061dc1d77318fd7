"""Printed: the Ramadan timetable and the month each fit one A4 page (Chromium's PDF)."""

from __future__ import annotations

import datetime
import re

import pytest

from salat.widgets import widget

pytestmark = pytest.mark.browser

NOW = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
CASES = {
    "ramadan-en": dict(kind="ramadan", date=1448, locale="en", name="London"),
    "ramadan-ur_PK": dict(kind="ramadan", date=1448, locale="ur_PK", name="لاہور"),
    "ramadan-ar_EG": dict(kind="ramadan", date=1448, locale="ar_EG", name="القاهرة"),
    "month-bn": dict(kind="month", date="2027-03-01", locale="bn", name="ঢাকা"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_one_a4_page(browser, artifacts, case):
    html = widget(51.5074, -0.1278, tz="Europe/London", page=True, now=NOW, **CASES[case])
    page = browser.new_page()
    page.set_content(html)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (artifacts / f"print-{case}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    page.emulate_media(media="print")
    rows = page.locator("tbody tr").count()
    page.close()
    assert rows >= 29 and pages == 1, (rows, pages)

"""CSV output neutralizes cells a spreadsheet would run as formulas (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest

from salat.tables import table

EVIL = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3",
        "@SUM(1,1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("name", EVIL)
def test_formula_cells_get_a_leading_quote(name):
    tt = table([33.57, 34.02], [-7.59, -6.84], "2026-01-01", tz="UTC", method="mwl",
               names=[name, "Rabat, Morocco"])
    rows = list(csv.reader(io.StringIO(tt.to_csv())))
    assert rows[0][:3] == ["place", "latitude", "longitude"]
    # The stdlib reader (the oracle) gives back the text with the OWASP quote prefix.
    assert rows[1][0] == "'" + name
    # Ordinary names and the numbers (negative longitudes start with "-") are untouched.
    assert rows[2][0] == "Rabat, Morocco"
    assert rows[1][2] == "-7.59"


def test_plain_names_are_verbatim():
    tt = table([33.57], [-7.59], "2026-01-01", tz="UTC", method="mwl", names=['Dar "El" Beida'])
    rows = list(csv.reader(io.StringIO(tt.to_csv())))
    assert rows[1][0] == 'Dar "El" Beida'

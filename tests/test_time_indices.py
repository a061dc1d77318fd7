"""inputs.time_indices: the one check of time names (exports, tables)."""

from __future__ import annotations

import pytest

from salat.inputs import InputError, InputTypeError, time_indices

ALLOWED = ("allowed: imsak, fajr, sunrise, dhuhr, asr, sunset, maghrib, isha, midnight, "
           "last_third")


def test_names_become_indices_in_day_order():
    assert time_indices("times", "imsak") == [0]
    assert time_indices("times", ("isha", "fajr", "last_third")) == [7, 1, 9]
    assert time_indices("times", iter(["dhuhr"])) == [3]


@pytest.mark.parametrize(("value", "shown"), [
    ("lunch", "'lunch'"), (["fajr", "Fajr"], "['fajr', 'Fajr']"), ([], "[]"), ("", "''"),
    ([None], "[None]")])
def test_bad_names_are_named(value, shown):
    with pytest.raises(InputError) as e:
        time_indices("times", value)
    assert str(e.value) == f"times: got {shown}; {ALLOWED}"


def test_not_names_at_all():
    with pytest.raises(InputTypeError, match=r"^times: got 3; allowed: imsak"):
        time_indices("times", 3)

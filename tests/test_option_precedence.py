"""One rule of precedence between a request's options and a place's own
(``salat.options.merge_place_options``): given beats the place, the place
beats the default."""

from __future__ import annotations

from salat.options import merge_place_options
from salat.places import Place

RABAT = Place("Rabat", 34.02, -6.84, tz="Africa/Casablanca", elevation=75.0, method="morocco")


def test_given_option_wins_over_the_place():
    got = merge_place_options(RABAT, {"method": "mwl", "elevation": 0.0})
    assert got == {"method": "mwl", "elevation": 0.0, "tz": "Africa/Casablanca"}


def test_place_fills_what_was_not_given():
    got = merge_place_options(RABAT, {"method": None, "asr": "hanafi"})
    assert got == {"asr": "hanafi", "method": "morocco", "elevation": 75.0,
                   "tz": "Africa/Casablanca"}


def test_nothing_given_and_nothing_own_leaves_the_default():
    assert merge_place_options(Place("x", 1.0, 2.0), {"tz": None}) == {}
    assert merge_place_options(object(), {"elevation": None}) == {}


def test_other_options_pass_through_even_when_none():
    assert merge_place_options(RABAT, {"rounding": None})["rounding"] is None

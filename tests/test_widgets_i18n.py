"""Catalogs, digits and direction for the widgets."""

from __future__ import annotations

import io
import re
import unicodedata
from importlib.resources import files

import pytest
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from salat.hijri import MONTH_NAMES
from salat.widgets.digits import ZEROS, numbering_system, to_digits
from salat.widgets.formatting import Formatter
from salat.widgets.i18n import (CATALOG_LOCALES, HIJRI_MONTH_LABELS, PRAYER_LABELS,
                                WIDGET_LABELS, Labels, direction, parse_locale)

LOCALE_DIR = files("salat.widgets") / "locale"
ALL_MESSAGES = {*PRAYER_LABELS.values(), *HIJRI_MONTH_LABELS, *WIDGET_LABELS.values()}


def catalog(lang):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "salat.po").open("rb") as f:
        return read_po(f, locale=lang)


# ---------------------------------------------------------------- catalogs

def test_required_languages_have_catalogs():
    required = {"ar", "en", "fr", "tr", "ur", "fa", "id", "ms", "bn", "de", "es", "ru", "nl"}
    assert required <= set(CATALOG_LOCALES)
    on_disk = {p.name for p in LOCALE_DIR.iterdir() if p.is_dir()}
    assert on_disk == set(CATALOG_LOCALES)


@pytest.mark.parametrize("lang", CATALOG_LOCALES)
def test_catalog_complete_and_compiled(lang):
    cat = catalog(lang)
    entries = {(m.context, m.id): m.string for m in cat if m.id}
    assert set(entries) == ALL_MESSAGES, "catalog out of step with the code: run pybabel update"
    assert all(entries.values()), f"untranslated in {lang}"
    assert not any(m.fuzzy for m in cat if m.id)
    buf = io.BytesIO()
    write_mo(buf, cat)
    committed = (LOCALE_DIR / lang / "LC_MESSAGES" / "salat.mo").read_bytes()
    assert buf.getvalue() == committed, f"{lang}: .mo is stale, run pybabel compile"


@pytest.mark.parametrize("lang", CATALOG_LOCALES)
def test_catalog_lint(lang):
    """The crowdsourcing artefacts seen in other catalogs (survey A.4) must not appear."""
    cat = catalog(lang)
    for m in cat:
        if not m.id:
            continue
        s = m.string
        assert s == s.strip() and "  " not in s, (lang, m.id)
        # "n. H." ends in a dot
        assert not re.search(r"[.\u06d4\"]$", s) or m.id == "AH", (lang, m.id, s)
        placeholders = sorted(re.findall(r"\{\w+\}", s))
        assert placeholders == sorted(re.findall(r"\{\w+\}", m.id)), (lang, m.id, s)
        if lang in ("ur", "fa"):
            # Persian-script forms: no Arabic yeh/kaf, and in Urdu no do-chashmi heh in names
            assert not re.search("[\u064a\u0643]", s), (lang, m.id, s)
        if lang == "ur" and m.id in ("Fajr", "Sunrise", "Dhuhr", "Asr", "Maghrib", "Isha"):
            assert "\u06be" not in s, (lang, m.id, s)  # ظہر with gol he, not ظھر
    if lang != "en":
        # A translated catalog, not a copy of the English one: these words always differ.
        english = {(m.context, m.id): m.string for m in catalog("en") if m.id}
        for key in [("prayer", "Sunrise"), ("widget", "Prayer times"), ("widget", "Next")]:
            assert cat.get(key[1], context=key[0]).string != english[key], (lang, key)


def test_month_ids_match_hijri_module():
    assert tuple(msg for _, msg in HIJRI_MONTH_LABELS) == MONTH_NAMES


def test_survey_reviewed_names():
    """Spot checks against widgets_i18n_style.md A.4 (and its known wrong entries)."""
    def names(loc):
        lab = Labels(parse_locale(loc))
        return [lab.prayer(n) for n in ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")]
    assert names("ar_EG") == ["الفجر", "الشروق", "الظهر", "العصر", "المغرب", "العشاء"]
    assert names("tr") == ["Sabah", "Güneş", "Öğle", "İkindi", "Akşam", "Yatsı"]
    assert names("ms") == ["Subuh", "Syuruk", "Zohor", "Asar", "Maghrib", "Isyak"]
    ur = names("ur_PK")
    assert ur[1] != "اشراق" and ur[2] == "ظہر"  # not Ishraq; Urdu he, not do-chashmi
    bn = names("bn")
    assert bn[2:] == ["যোহর", "আসর", "মাগরিব", "ইশা"]  # not "noon", "of noon", genitives
    assert names("sw")[0] == "Fajr"  # no Swahili catalog: English names


def test_month_names_in_every_language():
    for lang in CATALOG_LOCALES:
        lab = Labels(parse_locale(lang))
        months = [lab.hijri_month(m) for m in range(1, 13)]
        assert len(set(months)) == 12, lang
    assert Labels(parse_locale("ar")).hijri_month(12) == "ذو الحجة"  # cf. the DPT key bug
    assert Labels(parse_locale("tr")).hijri_month(9) == "Ramazan"


# ---------------------------------------------------------------- direction

@pytest.mark.parametrize("loc, want", [
    ("ar", "rtl"), ("ar_EG", "rtl"), ("ar_MA", "rtl"), ("ar-SA", "rtl"), ("ur_PK", "rtl"),
    ("ur_IN", "rtl"), ("fa", "rtl"), ("fa_AF", "rtl"), ("ps", "rtl"), ("ckb", "rtl"), ("he", "rtl"),
    ("sd", "rtl"), ("ug", "rtl"),
    ("en", "ltr"), ("fr", "ltr"), ("tr", "ltr"), ("bn", "ltr"), ("id", "ltr"), ("ms", "ltr"),
])
def test_direction_from_cldr(loc, want):
    assert direction(parse_locale(loc)) == want


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(ValueError, match="locale: unknown locale 'zz_QQ'"):
        parse_locale("zz_QQ")


# ---------------------------------------------------------------- digits

@pytest.mark.parametrize("system, zero", sorted(ZEROS.items()))
def test_digit_table_is_right(system, zero):
    for i in range(10):
        assert unicodedata.digit(chr(zero + i)) == i
    assert to_digits("0123456789", system) == "".join(chr(zero + i) for i in range(10))


@pytest.mark.parametrize("loc, digits, want", [
    ("ar_EG", "default", "arab"), ("ar_SA", "default", "arab"), ("ar", "default", "latn"),
    ("ar_MA", "default", "latn"), ("ar_MA", "native", "arab"), ("fa", "default", "arabext"),
    ("ur_IN", "default", "arabext"), ("ur_PK", "default", "latn"), ("bn", "default", "beng"),
    ("ar_EG", "latn", "latn"), ("en", "deva", "deva"), ("mr", "default", "deva"),
])
def test_numbering_system(loc, digits, want):
    assert numbering_system(Locale.parse(loc), digits) == want


def test_unknown_digits_option():
    with pytest.raises(ValueError, match="digits"):
        numbering_system(Locale.parse("en"), "roman")


def test_digits_only_in_text():
    assert to_digits("5:42 م", "arab") == "٥:٤٢ م"
    assert to_digits("17:42", "arabext") == "۱۷:۴۲"
    assert to_digits("5:42 PM", "beng") == "৫:৪২ PM"
    assert to_digits("abc 12", "latn") == "abc 12"


def test_formatter_times_dates_and_clock():
    import datetime
    tz = datetime.timezone(datetime.timedelta(hours=3))
    when = datetime.datetime(2025, 3, 1, 17, 42, tzinfo=tz)
    assert Formatter("ar_EG").time(when) == "٥:٤٢ م"
    assert Formatter("ar_MA").time(when) == "17:42"
    assert Formatter("ar_EG", digits="latn").time(when) == "5:42 م"
    assert Formatter("fa").time(when) == "۱۷:۴۲"
    assert Formatter("en").time(when) == "5:42\u202fPM"
    assert Formatter("en", clock=24).time(when) == "17:42"
    assert Formatter("fr", clock=12).time(when).startswith("5:42")
    assert Formatter("id").time(when) == "17.42"
    assert Formatter("ar_EG").date(when.date()) == "السبت، ١ مارس ٢٠٢٥"
    with pytest.raises(ValueError, match="clock"):
        Formatter("en", clock=13)

"""The Simplified Chinese catalogue is complete, current, compiled and actually used.

zh-Hans is the default language: every string the source marks for translation must have a
Chinese translation in locale/zh_Hans/LC_MESSAGES/django.po, and the committed django.mo (so a
newcomer without gettext still gets Chinese) must match it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LC_MESSAGES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
IGNORE = ["node_modules", ".venv", "var", "test-artifacts", "locale"]
GETTEXT_PROGRAMS = ["xgettext", "msguniq", "msgmerge", "msgattrib"]
REGENERATE = (
    "Regenerate it: DEMO_MODE=1 uv run python manage.py makemessages -l zh_Hans --no-obsolete "
    "--ignore=node_modules --ignore=.venv --ignore=var --ignore=test-artifacts, translate every "
    "empty or fuzzy entry, then DEMO_MODE=1 uv run python manage.py compilemessages -l zh_Hans "
    "--ignore=node_modules --ignore=.venv"
)

# %(name)s, %(n)d and friends; bare %s / %d; and %% (a literal percent sign).
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifeEgGxXor%]")


def _po() -> polib.POFile:
    assert PO_PATH.is_file(), f"{PO_PATH} is missing. {REGENERATE}"
    return polib.pofile(str(PO_PATH))


def _key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def _translations(catalogue: polib._BaseFile) -> dict[tuple[str | None, str, str | None], object]:
    result: dict[tuple[str | None, str, str | None], object] = {}
    for entry in catalogue:
        if entry.obsolete or entry.msgid == "":
            continue
        value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        result[_key(entry)] = value
    return result


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# (a) complete -------------------------------------------------------------------------------


def test_catalogue_header():
    po = _po()
    assert not po.metadata_is_fuzzy, "the .po header is marked fuzzy"
    assert po.metadata.get("Language") == "zh_Hans"
    assert po.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert po.metadata.get("Content-Type", "").lower() == "text/plain; charset=utf-8"


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete():
    po = _po()
    entries = [e for e in po if e.msgid]
    assert entries, "the catalogue is empty"
    untranslated = [e.msgid for e in entries if not e.obsolete and not _is_translated(e)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    obsolete = [e.msgid for e in entries if e.obsolete]
    assert not untranslated, f"{len(untranslated)} untranslated entries: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries: {fuzzy[:20]}"
    assert not obsolete, f"{len(obsolete)} obsolete (#~) entries: {obsolete[:20]}. {REGENERATE}"
    # zh has a single plural form: msgstr[0] is filled and there is nothing beyond it.
    wrong_plural = [e.msgid for e in entries if e.msgid_plural and sorted(e.msgstr_plural) != [0]]
    assert not wrong_plural, f"plural entries must have exactly msgstr[0]: {wrong_plural}"


# (b) current --------------------------------------------------------------------------------


class _IsolatedMakeMessages(makemessages.Command):
    """makemessages that writes every file's strings into LOCALE_PATHS[0] and nowhere else.

    Stock makemessages, run from the project root, also appends ./locale to its locale paths
    and sends each source file to the first locale path whose *parent directory* contains the
    file. The parent of a temporary LOCALE_PATHS entry contains no project file, so every file
    would go to ./locale and msgmerge would rewrite the committed catalogue. Pin them all to
    the first (temporary) path instead.
    """

    def find_files(self, root):
        files = super().find_files(root)
        for build_file in files:
            build_file.locale_dir = self.default_locale_path
        return files


def test_catalogue_is_up_to_date_with_the_source(tmp_path, monkeypatch):
    missing_programs = [p for p in GETTEXT_PROGRAMS if shutil.which(p) is None]
    if missing_programs:
        pytest.fail(
            f"GNU gettext is needed to check the catalogue, but {', '.join(missing_programs)} "
            "cannot be found on PATH. Install it (Debian/Ubuntu: apt-get install gettext)."
        )
    assert PO_PATH.is_file(), f"{PO_PATH} is missing. {REGENERATE}"
    committed_po, committed_mo = _digest(PO_PATH), _digest(MO_PATH) if MO_PATH.exists() else None

    out = tmp_path / "locale"
    monkeypatch.chdir(ROOT)
    try:
        with override_settings(LOCALE_PATHS=[str(out)]):
            command = _IsolatedMakeMessages()
            call_command(command, locale=["zh_Hans"], ignore_patterns=IGNORE, verbosity=0)
    except CommandError as exc:
        pytest.fail(f"makemessages failed, so the catalogue cannot be checked: {exc}")
    finally:
        # The committed catalogue must never be touched by this test.
        assert _digest(PO_PATH) == committed_po, f"makemessages modified {PO_PATH}"
        if committed_mo is not None:
            assert _digest(MO_PATH) == committed_mo, f"makemessages modified {MO_PATH}"
        assert not (ROOT / "locale" / "django.pot").exists()

    fresh_path = out / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert fresh_path.is_file(), f"makemessages wrote no catalogue to {fresh_path}"
    fresh = polib.pofile(str(fresh_path))
    assert len([e for e in fresh if e.msgid]) > 100, "makemessages found suspiciously few strings"

    committed = _po()
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    known_plurals = {(e.msgctxt, e.msgid, e.msgid_plural) for e in committed if not e.obsolete and e.msgid_plural}
    missing = [
        f"{e.msgid!r} ({e.occurrences[0][0] if e.occurrences else '?'})"
        for e in fresh
        if e.msgid and (e.msgctxt, e.msgid) not in known
    ]
    missing += [
        f"{e.msgid!r} / plural {e.msgid_plural!r}"
        for e in fresh
        if e.msgid_plural
        and (e.msgctxt, e.msgid) in known
        and (e.msgctxt, e.msgid, e.msgid_plural) not in known_plurals
    ]
    assert not missing, f"{len(missing)} source strings are not in {PO_PATH.name}: {missing[:30]}. {REGENERATE}"


# (c) compiled -------------------------------------------------------------------------------


def test_compiled_catalogue_matches_the_po():
    assert MO_PATH.is_file(), f"{MO_PATH} is missing (it is committed). {REGENERATE}"
    po = _translations(_po())
    mo = _translations(polib.mofile(str(MO_PATH)))
    stale = sorted(k[1] for k in po.keys() & mo.keys() if po[k] != mo[k])
    only_po = sorted(k[1] for k in po.keys() - mo.keys())
    only_mo = sorted(k[1] for k in mo.keys() - po.keys())
    assert not (stale or only_po or only_mo), (
        f"django.mo does not match django.po — changed: {stale[:10]}, not compiled: {only_po[:10]}, "
        f"no longer in the .po: {only_mo[:10]}. Run compilemessages."
    )


# (d) placeholders ---------------------------------------------------------------------------


def test_placeholders_are_preserved():
    wrong = []
    for entry in _po():
        if not entry.msgid or entry.obsolete:
            continue
        if entry.msgid_plural:
            # zh has one form, used for every count: it must carry the plural's placeholders.
            expected = _placeholders(entry.msgid_plural)
            for index, text in entry.msgstr_plural.items():
                if text and _placeholders(text) != expected:
                    wrong.append(f"{entry.msgid!r} msgstr[{index}]={text!r}")
        elif entry.msgstr and _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            wrong.append(f"{entry.msgid!r} -> {entry.msgstr!r}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


# (e) used -----------------------------------------------------------------------------------


@pytest.fixture
def restore_language():
    before = translation.get_language()
    yield
    if before:
        translation.activate(before)
    else:
        translation.deactivate_all()


def test_django_loads_the_catalogue(restore_language):
    # Through a variable, so that makemessages does not collect this file's strings.
    expected = {"Sign in": "登录", "Sign out": "退出", "Large text": "大字版"}
    with translation.override("zh-hans"):
        for source, chinese in expected.items():
            assert translation.gettext(source) == chinese
    with translation.override("en"):
        for source in expected:
            assert translation.gettext(source) == source


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client, restore_language):
    for headers in ({"Accept-Language": "zh-hans"}, {"Accept-Language": "zh-CN,zh;q=0.9"}, {}):
        page = client.get(reverse("login"), headers=headers).content.decode()
        assert "登录" in page, headers
        assert "Sign in" not in page, headers


@pytest.mark.django_db
def test_login_page_in_english_on_request(client, restore_language):
    page = client.get(reverse("login"), headers={"Accept-Language": "en"}).content.decode()
    assert "Sign in" in page
    assert "登录同心" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("login"), headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "Sign in" in page
    assert "登录同心" not in page


def test_dates_read_as_users_expect_in_each_language():
    import datetime

    from django.utils import formats, translation

    day = datetime.date(2026, 11, 23)
    with translation.override("zh-hans"):
        assert formats.date_format(day) == "2026年11月23日"
    with translation.override("en"):
        assert formats.date_format(day) == "2026-11-23"

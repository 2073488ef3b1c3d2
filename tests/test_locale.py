"""The Hebrew catalogues are complete and valid (what `make messages` compiles)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted((ROOT / "locale").glob("**/he/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert {p.relative_to(ROOT).parts[1] for p in CATALOGUES} >= {"he", "overrides", "libraries"}


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_its_hebrew_and_compiles(catalogue):
    if not shutil.which("msgattrib"):
        pytest.skip("GNU gettext is needed (it compiles the catalogues too)")
    untranslated = subprocess.run(  # noqa: S603
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(catalogue)],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout
    entries = [block for block in untranslated.split("\n\n") if block.strip() and '\nmsgid ""' not in "\n" + block]
    assert entries == []
    fuzzy = subprocess.run(  # noqa: S603
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue)],  # noqa: S607
        capture_output=True, text=True, check=True,
    ).stdout
    assert "msgid" not in fuzzy
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalogue)], check=True)  # noqa: S603,S607

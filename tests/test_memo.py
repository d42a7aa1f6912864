"""The memo of validated configuration and rule packs (:mod:`notelint.memo`).

A run whose configuration and rule pack were validated before must not import pydantic
(that is the memo's whole point: ~70 ms of a ~130 ms one-note run), must build the same
objects as validation does, and must never trust a memo that is damaged or stale.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notelint import memo
from notelint.config import ConfigError, validate
from notelint.pack import load
from tests.conftest import ROOT, fresh_python

TABLE = {"spelling": {"locale": "en-GB", "min-length": 3}, "per-file-ignores": {"a/*": ["SP"]}}


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("NOTELINT_CACHE_DIR", str(home))
    return home


def test_a_remembered_configuration_equals_a_validated_one(cache_home: Path) -> None:
    first = validate(TABLE, ROOT)
    assert len(list(cache_home.glob("valid-config-*.json"))) == 1
    second = validate(TABLE, ROOT)
    assert second == first
    assert second.spelling.min_length == 3 and second.per_file_ignores == {"a/*": ("SP",)}


def test_a_damaged_memo_is_validated_again(cache_home: Path) -> None:
    expected = validate(TABLE, ROOT)
    (path,) = cache_home.glob("valid-config-*.json")
    for damage in ("{", json.dumps({"value": {"spelling": {"bogus": 1}}}), json.dumps([])):
        path.write_text(damage)
        assert validate(TABLE, ROOT) == expected


def test_an_invalid_table_is_never_remembered(cache_home: Path) -> None:
    for _ in range(2):
        with pytest.raises(ConfigError, match=r"'spelling\.min-length'"):
            validate({"spelling": {"min-length": 0}}, ROOT)
    assert not list(cache_home.glob("valid-config-*.json"))


def test_the_memo_key_follows_the_installed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    validate(TABLE, ROOT)
    assert memo.recall("config", json.dumps(TABLE, sort_keys=True)) is not None
    monkeypatch.setattr(memo, "code_stamp", lambda: "another notelint")
    assert memo.recall("config", json.dumps(TABLE, sort_keys=True)) is None


def test_a_remembered_pack_equals_a_validated_one(cache_home: Path) -> None:
    first = load(ROOT / "rules")
    assert len(list(cache_home.glob("valid-pack-*.json"))) == 1
    second = load(ROOT / "rules")
    assert (second.words, second.timeline, second.fields, second.digest) == (
        first.words,
        first.timeline,
        first.fields,
        first.digest,
    )


def test_a_changed_pack_is_validated_again(tmp_path: Path) -> None:
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "timeline.yaml").write_text("- name: Korean War\n  start: 1950\n  end: 1953\n")
    assert load(pack).timeline[0].period == "1950–1953"
    (pack / "timeline.yaml").write_text("- name: Korean War\n  start: 1953\n  end: 1950\n")
    with pytest.raises(ConfigError, match=r"timeline\.yaml:1: event ends"):
        load(pack)


def test_a_run_with_remembered_inputs_does_not_import_pydantic(cache_home: Path) -> None:
    """The whole CLI, twice, in fresh processes: the second run never imports pydantic.

    (Without SP, which would build a prepared dictionary in the empty cache home.)
    """
    script = (
        "import sys\n"
        "from notelint.cli import main\n"
        "try:\n    main(['check', '--no-cache', '--select', 'FM,HD,DT,CH', 'notes/'])\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core'}))\n"
    )
    env = {**os.environ, "NOTELINT_CACHE_DIR": str(cache_home)}
    runs = [fresh_python(script, cwd=ROOT, env=env).splitlines()[-1] for _ in range(2)]
    assert "pydantic" in runs[0]
    assert runs[1] == "[]"


def test_writing_a_memo_removes_old_ones_of_its_kind(cache_home: Path) -> None:
    import time

    cache_home.mkdir(parents=True)
    old, recent, other = (
        cache_home / name
        for name in ("valid-config-old.json", "valid-config-new.json", "valid-pack-old.json")
    )
    for path in (old, recent, other):
        path.write_text("{}")
    long_ago = time.time() - (memo.KEEP_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    validate(TABLE, ROOT)
    assert not old.exists() and recent.exists() and other.exists()

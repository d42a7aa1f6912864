"""The static rule catalogue agrees with the rule classes, and rules are made lazily.

``registry.CATALOGUE`` lets the engine choose rules without importing them; these tests
keep it honest, since a stale entry would silently run the wrong class.
"""

from __future__ import annotations

import importlib
import inspect

from notelint import registry
from tests.conftest import ROOT, fresh_python, linter

#: the rule families, in the order codes are listed, and the modules rules live in
FAMILIES = ["NL", "FM", "HD", "DT", "CH", "SP"]
MODULES = ["engine", "frontmatter", "vault", "headings", "dates", "chronology", "spelling"]


def _classes_in_modules() -> dict[str, type[registry.Rule]]:
    """Every rule class defined in a rule module, by code: what the catalogue must list."""
    found: dict[str, type[registry.Rule]] = {}
    for module in MODULES:
        loaded = importlib.import_module(f"notelint.checks.{module}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if cls.__module__ == loaded.__name__ and issubclass(cls, registry.Rule):
                assert cls.code not in found, cls.code
                found[cls.code] = cls
    return found


def test_catalogue_lists_every_rule_class_in_family_order() -> None:
    classes = _classes_in_modules()
    assert sorted(registry.CATALOGUE) == sorted(classes)
    codes = list(registry.CATALOGUE)
    assert codes == sorted(codes, key=lambda code: (FAMILIES.index(code[:2]), code))
    assert registry.all_rules() == [classes[code] for code in codes]
    for code, rule in classes.items():
        module, name, default, vault = registry.CATALOGUE[code]
        assert (f"notelint.checks.{module}", name) == (rule.__module__, rule.__name__)
        assert default == rule.default, rule.code
        assert vault == issubclass(rule, registry.VaultRule), rule.code


def test_select_keeps_catalogue_order_and_defaults() -> None:
    defaults = [code for code, entry in registry.CATALOGUE.items() if entry[2]]
    assert registry.select([], []) == defaults
    assert registry.select([], ["HD"]) == [code for code in defaults if code[:2] != "HD"]
    assert registry.select(["ALL"], ["SP"]) == [c for c in registry.CATALOGUE if c[:2] != "SP"]
    assert registry.select(["DT008", "NL"], []) == ["NL001", "NL002", "NL003", "NL004", "DT008"]


def test_vault_rules_and_rules_share_instances() -> None:
    run = linter(["FM"])
    vault = run._vault_rules()
    assert [rule.code for rule in vault] == ["FM007"]
    assert vault[0] in run.rules


def test_finishing_without_linting_imports_only_vault_rule_modules() -> None:
    """What a run whose every note is a cache hit does: no rule checks a note."""
    script = (
        "import sys\n"
        "from notelint.config import Config\n"
        "from notelint.engine import Linter\n"
        "from notelint.pack import RulePack\n"
        "Linter(Config(), RulePack()).finish([])\n"
        "print(sorted(m for m in sys.modules if m.startswith('notelint.checks.')))\n"
    )
    assert fresh_python(script, cwd=ROOT).strip() == "['notelint.checks.vault']"

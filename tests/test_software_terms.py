"""The vendored software-terms list: how ``tests/tools/software_terms.py`` reads cspell's word
lists, and that the list shipped is what it would write."""

from __future__ import annotations

import doctest

from tests.tools import software_terms
from tests.tools.software_terms import DATA, parse, words

SOFTWARE_TERMS = DATA / "software-terms.txt"

SAMPLE = """\
# cspell-tools: keep-case no-split

kubectl
Kubernetes
*Auth*
My*
*Trash
Pre+
+IO
~cafe
!kubernets
kubernets
webhook  # a trailing comment
commit-ish
AES128
"""


def test_doctests() -> None:
    assert doctest.testmod(software_terms).failed == 0


def test_markers_are_stripped_and_compound_only_entries_left_out() -> None:
    assert list(parse(SAMPLE)) == [
        "kubectl",
        "Kubernetes",
        "Auth",  # *X*: a word that may also be joined to others
        "My",
        "Trash",
        "cafe",  # ~: the case- and accent-free form
        "webhook",
        "commit-ish",
        "AES128",
    ]  # "Pre+" and "+IO" only exist inside compounds; "!kubernets" is forbidden


def test_only_letter_words_are_kept_sorted_once() -> None:
    assert words([SAMPLE, "kubectl\nzsh\n"]) == [
        "Auth",
        "Kubernetes",
        "My",
        "Trash",
        "cafe",
        "kubectl",
        "webhook",
        "zsh",
    ]


def test_the_shipped_list_is_one_word_a_line_after_its_provenance() -> None:
    lines = SOFTWARE_TERMS.read_text(encoding="utf-8").splitlines()
    head = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    assert "@cspell/dict-software-terms" in head[0] and "MIT" in head[0]
    assert body == sorted(set(body)) and all(word.isalpha() for word in body)
    assert {"kubectl", "onboarding", "Kubernetes"} <= set(body)
    assert (SOFTWARE_TERMS.parent / "LICENSE.software-terms").read_text().startswith("The MIT")

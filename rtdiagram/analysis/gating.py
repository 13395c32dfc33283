"""Exit-code gates: when a checklist should fail a build.

``rtdiagram checklist --fail-on LEVEL`` exits 1 when an item is at LEVEL or worse. Verdicts
from worst to best::

    missing  >  not stated  >  partially  >  addressed, not applicable

``--fail-on missing`` fails only on missing items; ``--fail-on partially`` on anything not fully
addressed. ``never`` (the default) keeps the exit code 0. A verdict this module does not know
(a newer checklist) ranks with ``partially``: it is not "addressed", so a strict gate fails on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

RANK = {"addressed": 0, "not applicable": 0, "partially": 1, "not stated": 2, "missing": 3}
LEVELS = {"missing": 3, "not-stated": 2, "partially": 1, "never": None}
_UNKNOWN = 1


def rank(status: str) -> int:
    return RANK.get(status, _UNKNOWN)


def failing(items: Iterable[Any], fail_on: str) -> list[Any]:
    """The items at ``fail_on`` or worse (none for ``never``)."""
    threshold = LEVELS[fail_on]
    if threshold is None:
        return []
    return [item for item in items if rank(item.status) >= threshold]


def checklist_exit_code(items: Iterable[Any], fail_on: str) -> int:
    return 1 if failing(items, fail_on) else 0

"""Sections of a design document that list what was not built: "## Rejected", "## Not chosen",
"## Out of scope", "## Why not WebSockets". Everything under such a heading, up to the next
heading, is an option the text turned down, not a part."""

from __future__ import annotations

import bisect
import re

_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?P<title>[^\n]*)$", re.M)
_REJECTING = re.compile(r"\b(?:rejected|not (?:chosen|doing|done|used|taken|built)|out of scope|non-?goals?|why not|"
                        r"alternatives?(?: considered)?|considered (?:and|but) (?:rejected|dropped)|options? (?:we )?"
                        r"(?:dropped|rejected|did not take)|(?:did not|didn't|won't) (?:do|use|build|choose)|not (?:this|now|yet)|"
                        r"future work|deferred|later)\b", re.I)
_CACHE: list = [None, [], []]  # the text last asked about, and its rejected sections' starts and ends


def rejected_section(text: str, position: int) -> bool:
    """Whether ``position`` lies in a section whose heading turns its contents down."""
    if _CACHE[0] is not text:
        starts, ends = [], []
        headings = list(_HEADING.finditer(text)) if "#" in text else []
        for n, heading in enumerate(headings):
            if _REJECTING.search(heading["title"]):
                starts.append(heading.end())
                ends.append(headings[n + 1].start() if n + 1 < len(headings) else len(text))
        _CACHE[:] = [text, starts, ends]
    i = bisect.bisect_right(_CACHE[1], position) - 1
    return i >= 0 and position < _CACHE[2][i]

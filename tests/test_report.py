"""The review report: a self-contained, escaped, interactive HTML page and a Markdown comment.

The browser tests open the page in a real headless Chromium over the DevTools pipe
(``tests/cdp_pipe.py``), click it, and check that no request leaves the page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from rtdiagram.model.errors import RenderError
from rtdiagram.render.report import build_report, report_format, write_report
from rtdiagram.render.report.markdown import COMMENT_LIMIT

from tests.cdp_pipe import CHROMIUM, Browser
from tests.conftest import EXAMPLES, ROOT

FLAWED = ROOT / "examples" / "flawed-chat.yaml"
EDITOR = ROOT / "examples" / "collab-editor.yaml"

HOSTILE = """\
version: 2
system:
  name: "</title><script>alert('name')</script> %%{init: {'theme':'dark'}}%%"
  description: "\\"quotes\\" & <img src=x onerror=alert(1)> http://evil.example/x.js"
  expected: {peak_users: 1000, publish_rate_per_s: 10, avg_recipients: 5, avg_message_bytes: 100}
components:
  - {id: browser, kind: client, label: "<script>alert('c')</script>", technology: "\\" onmouseover=\\"alert(2)"}
  - {id: server, kind: gateway, technology: ws, replicas: 2, label: "%%{init: {'securityLevel':'loose'}}%% <b>x</b>",
     description: "]]></script><script src=https://evil.example/a.js></script>"}
links:
  - {from: browser, to: server, protocol: websocket, label: "<iframe src=//evil.example>"}
flows:
  - name: "<svg onload=alert(3)>"
    steps:
      - "browser -> server: </script><script>alert(4)</script>"
"""


@pytest.fixture(scope="module")
def flawed_html() -> str:
    return build_report(FLAWED, "review.html")


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S)


def test_html_is_self_contained(flawed_html: str) -> None:
    page = flawed_html
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""\b(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    assert "default-src 'none'" in csp
    code = _scripts(page)[-1]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert page.count("<script") == 2          # the JSON island and the one hashed script


def test_html_shows_everything(flawed_html: str) -> None:
    page = flawed_html
    for needle in ('id="architecture"', 'class="view expanded"', 'data-c="chat"', 'data-l="nginx&gt;chat"',
                   "FO001", "Rule documentation", "What it does", "Horizontal-scaling checklist",
                   "Deliveries per second", "missing:", 'id="L1"', "send-message"):
        assert needle in page, needle
    assert page.count('class="sequence"') == 4 - 1 or page.count('class="sequence"') >= 1
    assert "@media print" in page and "prefers-color-scheme: dark" in page


def test_html_is_deterministic_and_relative(in_root) -> None:
    first = build_report(Path("examples/collab-editor.yaml"), "r.html")
    assert first == build_report(Path("examples/collab-editor.yaml"), "r.html")
    assert str(ROOT) not in first


def test_hostile_model_is_harmless(tmp_path: Path) -> None:
    model = tmp_path / "hostile.yaml"
    model.write_text(HOSTILE, encoding="utf-8")
    page = build_report(model, "r.html")
    assert page.count("<script") == 2
    assert "alert(" not in "".join(_scripts(page)[-1:])
    for bad in ("<script>alert", "<img src=x", "<iframe", "<svg onload"):
        assert bad not in page, bad
    assert not re.search(r"<[a-zA-Z][^<>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)   # as text only
    assert not re.search(r"<[a-zA-Z][^<>]*\son[a-z]+\s*=", page)   # no event handler in any tag
    island = _scripts(page)[0]
    assert "<" not in island                    # JSON: every < is \u003c
    markdown = re.sub(r"```.*?```", "", build_report(model, "r.md"), flags=re.S)   # fenced blocks are code
    for bad in ("<script>", "<img", "<iframe", "<svg onload", "%%{init: {'securityLevel'"):
        assert bad not in markdown, bad


def test_markdown_fits_a_comment_and_its_tables_are_square() -> None:
    text = build_report(FLAWED, "review.md")
    assert len(text) < COMMENT_LIMIT
    assert "```mermaid\n" in text and "<details>" in text
    table: list[int] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, table
            table = []


@pytest.mark.parametrize("example", [EDITOR, FLAWED], ids=lambda p: p.stem)
def test_markdown_golden(example: Path, golden, in_root) -> None:
    golden(build_report(Path("examples") / example.name, "review.md"), f"report/{example.stem}.md")


def test_format_from_suffix(tmp_path: Path) -> None:
    assert report_format("a/review.HTML") == "html" and report_format("x.md") == "markdown"
    with pytest.raises(RenderError):
        report_format("review.pdf")
    out = write_report(EDITOR, tmp_path / "out" / "review.md")
    assert out.read_text("utf-8").startswith("## rtdiagram review")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reports(example: Path) -> None:
    page = build_report(example, "r.html")
    assert 'data-c="' in page and len(page) < 2_000_000


# --------------------------------------------------------------------------------------------
# A real browser

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, flawed_html: str):
    page = tmp_path_factory.mktemp("report") / "review.html"
    page.write_text(flawed_html, encoding="utf-8")
    chromium = Browser()
    try:
        chromium.open(page.as_uri())
        yield chromium, page
    finally:
        chromium.close()


@needs_chromium
def test_browser_renders_diagram_and_findings(browser) -> None:
    chromium, _ = browser
    assert chromium.evaluate("typeof window.rtReport") == "object"   # the hashed script ran under the CSP
    size = chromium.evaluate("(function(){var r=document.querySelector('.view.on svg').getBoundingClientRect();"
                             "return [r.width, r.height];})()")
    assert size[0] > 400 and size[1] > 150
    text = chromium.evaluate("document.body.innerText")
    for needle in ("Team chat (flawed)", "FO001", "Horizontal-scaling checklist", "Capacity"):
        assert needle in text
    shot = chromium.screenshot()
    assert shot.startswith(b"\x89PNG") and len(shot) > 30_000       # a blank page is a few KB


@needs_chromium
def test_browser_clicks_and_stays_offline(browser) -> None:
    chromium, page = browser
    chromium.click('svg [data-c="chat"]')
    assert chromium.evaluate("document.getElementById('panel').getAttribute('data-selected')") == "chat"
    panel = chromium.evaluate("document.getElementById('panel').innerText")
    assert "assumed" in panel and "components[chat].replicas" in panel and "FO001" in panel
    found = chromium.evaluate("(function(){var d=JSON.parse(document.getElementById('rt-data').textContent);"
                              "var i=d.findings.findIndex(function(f){return f.code==='FO001'});return [i, d.findings[i].line];})()")
    chromium.click(f"#finding-{found[0]}")
    line = chromium.evaluate("(function(){var l=document.querySelector('#source .ln.hl');return l&&Number(l.dataset.n);})()")
    assert line == found[1] == 49
    assert chromium.evaluate("document.querySelectorAll('.view.on svg .node.hl[data-c=chat]').length") == 1
    assert chromium.evaluate("document.getElementById('source').scrollTop") > 0
    chromium.click("button[data-view=expanded]")
    assert chromium.evaluate("document.querySelectorAll('.view.expanded.on [data-c=chat]').length") == 4
    chromium.click("#next")
    chromium.click("#next")
    assert chromium.evaluate("document.getElementById('step').innerText").startswith("Step 2/")
    assert chromium.requests() == [page.as_uri()]

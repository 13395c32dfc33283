"""Lint results as text for people and machines: JSON, SARIF 2.1.0, GitHub annotations, Markdown.

Every writer takes the same inputs (results, sources, root) and returns a string; output is
sorted and carries no timestamps, so it can be diffed and kept as a golden file.

SARIF and GitHub annotations name files relative to ``root`` (``--root``, else the git root
found above the working directory): code scanning maps a result to a file only by its
repository path, whatever folder the linter ran in. SARIF also records the root itself in
``originalUriBaseIds`` by name only: an absolute path would make the output differ per machine,
and code scanning resolves repository-relative paths itself. Text from the model is escaped
(control characters, newlines) in every line-oriented format, so a label or a file name can
neither repaint a terminal nor start a GitHub workflow command.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from rtdiagram._version import __version__
from rtdiagram.model.diagnostics import Diagnostic, Origin, Severity, format_path
from rtdiagram.analysis.ruleset import META, Finding, LintResult, Rule
from rtdiagram.analysis.catalogue import all_rules
from rtdiagram.model.safetext import escape_controls, line_start

DOCS_URL = "https://rtdiagram.dev/rules/{code}"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_TEXT = "The repository root (the git root, or lint --root); every result path is relative to it."
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_url(code: str) -> str:
    return DOCS_URL.format(code=code.lower())


def logical_path(finding: Finding) -> str:
    """components[id=ws].replicas rather than components[2].replicas: stable across edits."""
    path = finding.diagnostic.path
    if len(path) >= 2 and path[0] == "components" and finding.component:
        return f"components[id={finding.component}]" + format_path(("x", *path[2:]))[1:]
    return format_path(path)


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the working directory) holding ``.git``."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def repo_path(file: str, root: Path | None) -> str:
    """``file`` (as shown, relative to the working directory) relative to ``root``, POSIX style.

    Names that are not paths (``<stdin>``) and files outside ``root`` are returned unchanged."""
    if root is None or file.startswith("<"):
        return file
    try:
        return Path(file).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return file


def fingerprint(finding: Finding, root: Path | None = None) -> str:
    """Stable across runs and working directories: code, repository path, logical path, message."""
    file = repo_path(finding.diagnostic.file, root)
    key = "|".join([finding.code, file, logical_path(finding), finding.diagnostic.message])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def to_json(results: Sequence[LintResult], sources: dict[str, str], root: Path | None = None) -> str:
    items = []
    for result in results:
        for finding in result.findings:
            item = finding.diagnostic.to_json()
            item["url"] = rule_url(finding.code) if finding.rule else None
            item["component"] = finding.component
            item["fingerprint"] = fingerprint(finding, root)
            items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(results: Sequence[LintResult], sources: dict[str, str], root: Path | None = None) -> str:
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for result in results:
        for finding in result.findings:
            d = finding.diagnostic
            props = [f"file={_escape_property(repo_path(d.file, root))}", f"line={d.start.line}", f"col={d.start.column}"]
            if d.end:
                props += [f"endLine={d.end.line}", f"endColumn={d.end.column}"]
            props.append(f"title={_escape_property(f'rtdiagram {d.code} {d.name}'.strip())}")
            message = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
            message += "".join(f"\n{_imported(o, root)}" for o in d.origins)
            lines.append(f"::{command[d.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _imported(origin: Origin, root: Path | None) -> str:
    """``imported from k8s/ingress.yaml:10 (proxy-read-timeout)``, the path relative to ``root``."""
    return "imported from " + replace(origin, file=repo_path(origin.file, root)).describe()


def _sarif_origins(d: Diagnostic, root: Path | None) -> list[dict]:
    """SARIF relatedLocations: the infrastructure lines a finding's imported facts came from."""
    related = []
    for number, origin in enumerate(d.origins, start=1):
        file = repo_path(origin.file, root)
        artifact = ({"uri": Path(file).as_uri()} if Path(file).is_absolute()
                    else {"uri": quote(file, safe="/"), "uriBaseId": "%SRCROOT%"})
        physical: dict = {"artifactLocation": artifact}
        if origin.line:
            physical["region"] = {"startLine": origin.line}
        related.append({"id": number, "physicalLocation": physical,
                        "message": {"text": _imported(origin, root)}})
    return related


def _utf16_column(line_text: str, column: int) -> int:
    return len(line_text[: column - 1].encode("utf-16-le")) // 2 + 1


def _sarif_rule(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary[:1024]},
        "fullDescription": {"text": " ".join(rule.section("Why is this bad?").split())[:1024]},
        "help": {"text": f"{rule.summary}. See {rule_url(rule.code)}"[:1024], "markdown": rule.doc},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["real-time", rule.category], "precision": "high"},
    }


def _sarif_meta(code: str) -> dict:
    name, severity = META[code]
    text = name.replace("-", " ")
    return {
        "id": code, "name": name, "shortDescription": {"text": text}, "fullDescription": {"text": text},
        "help": {"text": f"{text}: see `rtdiagram explain {code}`"}, "helpUri": rule_url(code),
        "defaultConfiguration": {"level": LEVEL[severity]}, "properties": {"tags": ["rtdiagram"]},
    }


def to_sarif(results: Sequence[LintResult], sources: dict[str, str], root: Path | None = None) -> str:
    rules = [_sarif_rule(rule) for rule in all_rules()] + [_sarif_meta(code) for code in sorted(META)]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    sarif_results = []
    artifacts: dict[str, None] = {}
    for result in results:
        lines = sources.get(result.file, "").splitlines()
        for finding in result.findings:
            d = finding.diagnostic
            uri = quote(repo_path(d.file, root), safe="/")
            artifacts.setdefault(uri, None)

            def column(line: int, col: int, lines: list[str] = lines) -> int:
                return _utf16_column(lines[line - 1], col) if 0 < line <= len(lines) else col

            region = {"startLine": d.start.line, "startColumn": column(d.start.line, d.start.column)}
            if d.end and d.end.line >= d.start.line:
                region["endLine"] = d.end.line
                region["endColumn"] = max(column(d.end.line, d.end.column), 1)
            message = d.message + (f". Help: {d.hint}" if d.hint else "")
            item = {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": LEVEL[d.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "region": region,
                }}],
                "partialFingerprints": {"rtdiagram/v1": fingerprint(finding, root)},
            }
            if d.origins:
                item["relatedLocations"] = _sarif_origins(d, root)
            sarif_results.append(item)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rtdiagram",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://rtdiagram.dev",
                "rules": rules,
            }},
            "automationDetails": {"id": "rtdiagram/"},
            "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": ROOT_TEXT}}},
            "columnKind": "utf16CodeUnits",
            "artifacts": [{"location": {"uri": uri, "uriBaseId": "%SRCROOT%"}} for uri in artifacts],
            "results": sarif_results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return escape_controls(text.replace("|", "\\|").replace("\n", " "))


def to_markdown(results: Sequence[LintResult], sources: dict[str, str], root: Path | None = None) -> str:
    out = ["# rtdiagram lint", ""]
    for result in results:
        counts = {s: sum(1 for f in result.findings if f.severity is s) for s in Severity}
        summary = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no findings"
        shown = line_start(result.file).replace("`", "'")
        out += [f"## `{shown}` — {summary}", ""]
        if not result.findings:
            out += ["All checks passed.", ""]
            continue
        out += ["| Line | Code | Severity | Finding | Fix |", "| ---: | --- | --- | --- | --- |"]
        for finding in result.findings:
            d = finding.diagnostic
            code = f"[{d.code}]({rule_url(d.code)}) {d.name}" if finding.rule else f"{d.code} {d.name}"
            finding_text = _md(d.message + d.origin_note())
            out.append(f"| {d.start.line} | {code} | {d.severity.value} | {finding_text} | {_md(d.hint or '')} |")
        if result.suppressed:
            out += ["", f"{len(result.suppressed)} finding(s) suppressed with a reason."]
        out.append("")
    return "\n".join(out)


WRITERS: dict[str, Callable[[Sequence[LintResult], dict[str, str], Path | None], str]] = {
    "json": to_json,
    "sarif": to_sarif,
    "github": to_github,
    "markdown": to_markdown,
}

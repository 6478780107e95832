"""Lint output formats: text lines, GitHub workflow commands, JSON, and SARIF 2.1.0.

``jsonschema`` and the official SARIF schema are not available offline, so the SARIF log is
checked by hand against the schema's rules for the objects lint writes: required
properties, types, enums, minimums and — since the schema forbids them — no unknown
properties.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from awesome_parse.lint import RULES, Finding, LintConfig, lint_source
from awesome_parse.lint.formats import escape_data, escape_property, render

TEXT = (
    "# List\n\n## Papers\n"
    "- Radiology, 100% sure: [[Paper]] [[Code]](https://github.com/synlp/R2-LLM)\n"
    "- [GPT-3](https://arxiv.org/2005.14165)\n"
    "- [ Whisper](http://arxiv.org/abs/2212.04356)\n"
    "- Lectures[[Paper]](https://arxiv.org/abs/2307.15220)\n"
)


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    found = lint_source(TEXT, path="lists/README.md", config=LintConfig(select=("ALL",)))
    assert {f.severity for f in found} == {"error", "warning", "info"}
    return found


def test_text(findings: list[Finding]) -> None:
    lines = render(findings, "text").splitlines()
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings, strict=True):
        assert line == (
            f"lists/README.md:{finding.line}:{finding.column}: "
            f"{finding.code} [{finding.name}] {finding.message}"
        )


def test_json(findings: list[Finding]) -> None:
    data = json.loads(render(findings, "json"))
    assert [Finding(**item) for item in data] == findings
    assert set(data[0]) == {
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "hint",
    }


# --- GitHub -----------------------------------------------------------------------------

# ::error file=NAME,line=N,endLine=N,col=N,endColumn=N,title=TITLE::MESSAGE
_PROPERTY = r"[^,:\r\n]*"  # escaped: no raw ',' ':' CR or LF inside a value
GITHUB = re.compile(
    rf"::(?P<command>error|warning|notice) "
    rf"file=(?P<file>{_PROPERTY}),line=(?P<line>\d+),endLine=(?P<end_line>\d+),"
    rf"col=(?P<col>\d+),endColumn=(?P<end_col>\d+),title=(?P<title>{_PROPERTY})"
    rf"::(?P<message>[^\r\n]*)"
)


def _unescape(value: str) -> str:
    return (
        value.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_workflow_commands(findings: list[Finding]) -> None:
    lines = render(findings, "github").splitlines()
    assert len(lines) == len(findings)
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding in zip(lines, findings, strict=True):
        m = GITHUB.fullmatch(line)
        assert m, line
        assert m["command"] == level[finding.severity]
        assert _unescape(m["file"]) == finding.path
        assert (int(m["line"]), int(m["col"])) == (finding.line, finding.column)
        assert (int(m["end_line"]), int(m["end_col"])) == (finding.end_line, finding.end_column)
        assert _unescape(m["title"]) == f"{finding.code} {finding.name}"
        message = _unescape(m["message"])
        assert message.split("\n")[0] == finding.message
        assert "%" not in m["message"].replace("%25", "").replace("%0A", "").replace("%0D", "")


def test_github_escaping_matches_actions_core() -> None:
    assert escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    odd = Finding(
        "dir,with:odd%name.md",
        1,
        1,
        1,
        2,
        "AP101",
        "empty-link",
        "error",
        "50% broken\nnext",
        "hint",
    )
    line = render([odd], "github").rstrip("\n")
    assert GITHUB.fullmatch(line)
    assert "file=dir%2Cwith%3Aodd%25name.md," in line
    assert line.endswith("::50%25 broken%0Anext%0Ahint")


# --- SARIF ------------------------------------------------------------------------------

_ALLOWED = {
    "log": {"$schema", "version", "runs", "inlineExternalProperties", "properties"},
    "run": {
        "tool",
        "invocations",
        "conversion",
        "language",
        "versionControlProvenance",
        "originalUriBaseIds",
        "artifacts",
        "logicalLocations",
        "graphs",
        "results",
        "automationDetails",
        "runAggregates",
        "baselineGuid",
        "redactionTokens",
        "defaultEncoding",
        "defaultSourceLanguage",
        "newlineSequences",
        "columnKind",
        "externalPropertyFileReferences",
        "threadFlowLocations",
        "taxonomies",
        "addresses",
        "translations",
        "policies",
        "webRequests",
        "webResponses",
        "specialLocations",
        "properties",
    },
    "tool": {"driver", "extensions", "properties"},
    "toolComponent": {
        "guid",
        "name",
        "organization",
        "product",
        "productSuite",
        "shortDescription",
        "fullDescription",
        "fullName",
        "version",
        "semanticVersion",
        "dottedQuadFileVersion",
        "releaseDateUtc",
        "downloadUri",
        "informationUri",
        "globalMessageStrings",
        "notifications",
        "rules",
        "taxa",
        "locations",
        "language",
        "contents",
        "isComprehensive",
        "localizedDataSemanticVersion",
        "minimumRequiredLocalizedDataSemanticVersion",
        "associatedComponent",
        "translationMetadata",
        "supportedTaxonomies",
        "properties",
    },
    "reportingDescriptor": {
        "id",
        "deprecatedIds",
        "guid",
        "deprecatedGuids",
        "name",
        "deprecatedNames",
        "shortDescription",
        "fullDescription",
        "messageStrings",
        "defaultConfiguration",
        "helpUri",
        "help",
        "relationships",
        "properties",
    },
    "reportingConfiguration": {"enabled", "level", "rank", "parameters", "properties"},
    "multiformatMessageString": {"text", "markdown", "properties"},
    "result": {
        "ruleId",
        "ruleIndex",
        "rule",
        "kind",
        "level",
        "message",
        "analysisTarget",
        "locations",
        "guid",
        "correlationGuid",
        "occurrenceCount",
        "partialFingerprints",
        "fingerprints",
        "stacks",
        "codeFlows",
        "graphs",
        "graphTraversals",
        "relatedLocations",
        "suppressions",
        "baselineState",
        "rank",
        "attachments",
        "hostedViewerUri",
        "workItemUris",
        "provenance",
        "fixes",
        "taxa",
        "webRequest",
        "webResponse",
        "properties",
    },
    "message": {"text", "markdown", "id", "arguments", "properties"},
    "location": {
        "id",
        "physicalLocation",
        "logicalLocations",
        "message",
        "annotations",
        "relationships",
        "properties",
    },
    "physicalLocation": {"address", "artifactLocation", "region", "contextRegion", "properties"},
    "artifactLocation": {"uri", "uriBaseId", "index", "description", "properties"},
    "region": {
        "startLine",
        "startColumn",
        "endLine",
        "endColumn",
        "charOffset",
        "charLength",
        "byteOffset",
        "byteLength",
        "snippet",
        "message",
        "sourceLanguage",
        "properties",
    },
}
_LEVELS = {"none", "note", "warning", "error"}


def _object(value: Any, kind: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    assert isinstance(value, dict), f"{kind} must be an object"
    unknown = set(value) - _ALLOWED[kind]
    assert not unknown, f"{kind} has properties the schema forbids: {unknown}"
    missing = [key for key in required if key not in value]
    assert not missing, f"{kind} lacks required {missing}"
    return value


def _text(value: Any, kind: str = "multiformatMessageString") -> None:
    _object(value, kind, ("text",))
    assert isinstance(value["text"], str) and value["text"]


def check_sarif(log: Any) -> None:
    """The SARIF 2.1.0 schema's constraints on everything lint writes."""
    _object(log, "log", ("version", "runs"))
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://") and log["$schema"].endswith(".json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = _object(log["runs"][0], "run", ("tool",))
    assert run["columnKind"] in ("utf16CodeUnits", "unicodeCodePoints")
    driver = _object(
        _object(run["tool"], "tool", ("driver",))["driver"], "toolComponent", ("name",)
    )
    assert driver["name"] == "awesome-parse" and isinstance(driver["version"], str)
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert isinstance(rules, list) and rules
    for rule in rules:
        _object(rule, "reportingDescriptor", ("id",))
        for key in ("shortDescription", "fullDescription", "help"):
            _text(rule[key])
        assert rule["helpUri"].startswith("https://")
        config = _object(rule["defaultConfiguration"], "reportingConfiguration")
        assert config["level"] in _LEVELS and isinstance(config["enabled"], bool)
    assert len({rule["id"] for rule in rules}) == len(rules)
    assert isinstance(run["results"], list)
    for result in run["results"]:
        _object(result, "result", ("message",))
        _text(result["message"], "message")
        assert result["level"] in _LEVELS
        assert isinstance(result["ruleIndex"], int) and result["ruleIndex"] >= 0
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = _object(_object(location, "location")["physicalLocation"], "physicalLocation")
        artifact = _object(physical["artifactLocation"], "artifactLocation")
        assert isinstance(artifact["uri"], str) and " " not in artifact["uri"]
        region = _object(physical["region"], "region")
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            assert isinstance(region[key], int) and region[key] >= 1
        assert (region["endLine"], region["endColumn"]) > (
            region["startLine"],
            region["startColumn"],
        )


def test_sarif_structure(findings: list[Finding]) -> None:
    log = json.loads(render(findings, "sarif"))
    check_sarif(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] == finding.code and result["level"] == levels[finding.severity]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.line, finding.column)
        assert result["message"]["text"].startswith(finding.message)


def test_sarif_describes_every_rule_even_without_findings() -> None:
    log = json.loads(render([], "sarif"))
    check_sarif(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    assert [rule["name"] for rule in driver["rules"]] == [rule.name for rule in RULES]
    assert log["runs"][0]["results"] == []


def test_sarif_uri_is_relative_to_the_working_directory(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my lists").mkdir()
    readme = tmp_path / "my lists" / "README.md"
    readme.write_text("# L\n\n- [x](http://example.org)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = lint_source(readme.read_bytes(), path=str(readme))
    artifact = json.loads(render(found, "sarif"))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"
    ]["artifactLocation"]
    assert artifact == {"uri": "my%20lists/README.md", "uriBaseId": "%SRCROOT%"}


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render([], "xml")

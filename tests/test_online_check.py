"""``check`` against the replay server: planted dead, archived, moved and rate-limited links
are reported as such, and nothing that could not be told is ever called dead."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("requests_cache", reason="the online extra is not installed")

import awesome_parse
from awesome_parse.cli import main
from awesome_parse.online import HttpClient
from awesome_parse.online.check import LinkResult, check, findings
from awesome_parse.online.http import cached_session
from awesome_parse.parser import parse_source, read_input

from .conftest import SHARED
from .online_replay import FakeClock, Replay, WebToReplay, replay_server

DEV_LIST = SHARED / "corpus" / "dev" / "hongyuanyu__awesome-visual-attention.md"


@pytest.fixture
def replay() -> Iterator[Replay]:
    with replay_server() as state:
        yield state


def _client(
    replay: Replay, tmp_path: Path, adapter: WebToReplay | None = None, **settings: object
) -> HttpClient:
    """A client whose session sends other hosts' pages to the replay server too."""
    config = replay.config(tmp_path / "cache", **settings)
    session = cached_session(config)
    for scheme in ("http://", "https://"):
        session.mount(scheme, adapter or WebToReplay(replay))
    return HttpClient(config, clock=FakeClock(), session=session)


def _by_target(results: list[LinkResult]) -> dict[str, LinkResult]:
    return {result.target: result for result in results}


def test_a_dev_list_reports_the_planted_dead_archived_moved_and_rate_limited_links(
    replay: Replay, tmp_path: Path
) -> None:
    if not DEV_LIST.is_file():
        pytest.skip("../shared/corpus/dev is not available")
    doc, text = parse_source(read_input(DEV_LIST), source=str(DEV_LIST))
    replay.missing_arxiv.add("2012.12877")  # in the first batch of 100
    replay.arxiv_rate_exceeded = {1}  # the second batch: arXiv's 200 "Rate exceeded."
    replay.dead_repos.add("ibm/crossvit")
    replay.archived_repos.add("monashai/hvt")
    replay.moved_repos["danczs/visformer"] = "danczs/Visformer-v2"
    replay.rate_limited_repos.add("facebookresearch/convit")
    replay.web.update({"papers.nips.cc": 404, "openreview.net": 999, "openaccess.thecvf.com": 429})
    replay.head_refused.add("proceedings.neurips.cc")
    replay.slow.add("www.ecva.net")
    replay.slow_seconds = 0.6

    with _client(replay, tmp_path, timeout=0.2, retries=1) as client:
        results = check(doc, text, client=client)
    found = _by_target(results)
    counts = Counter((r.kind, r.status) for r in results)

    arxiv_ids = sorted(r.target for r in results if r.kind == "arxiv")
    assert found["2012.12877"].status == "dead"
    assert {found[i].status for i in arxiv_ids[100:]} == {"unknown"}  # rate limited, not dead
    assert "Rate exceeded." in found[arxiv_ids[100]].detail
    assert counts["arxiv", "ok"] == 99 and replay.arxiv_batches == [
        100
    ]  # the 2nd answered "Rate exceeded."

    assert (found["IBM/CrossViT"].status, found["MonashAI/HVT"].status) == ("dead", "archived")
    assert (found["danczs/Visformer"].status, found["danczs/Visformer"].detail) == (
        "moved",
        "moved to danczs/Visformer-v2",
    )
    convit = found["facebookresearch/convit"]
    assert convit.status == "unknown" and convit.detail.startswith("rate limited")

    web = {r.target.split("/")[2]: r for r in results if r.kind == "web"}
    assert web["papers.nips.cc"].status == "dead"
    assert (web["openreview.net"].status, web["openreview.net"].detail) == (
        "unknown",
        "a bot wall (HTTP 403)",
    )
    assert web["openaccess.thecvf.com"].status == "unknown"
    assert web["proceedings.neurips.cc"].status == "ok"  # HEAD refused, GET answered
    assert web["www.ecva.net"].status == "unknown" and "no answer" in web["www.ecva.net"].detail

    dead = sorted(r.target for r in results if r.status == "dead")
    assert dead == sorted(["2012.12877", "IBM/CrossViT", web["papers.nips.cc"].target])

    # Each finding points at the link as written in the file.
    lines = text.split("\n")
    for finding in findings(results, str(DEV_LIST)):
        written = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
        assert written.startswith("http"), finding


def test_a_rerun_is_answered_from_the_cache(replay: Replay, tmp_path: Path) -> None:
    doc = awesome_parse.parse(
        "# L\n\n- [A](https://arxiv.org/abs/2103.00020) [code](https://github.com/a/b)\n"
        "- [B](https://doi.org/10.1000/1) [page](https://example.org/b)\n"
        "- [Gone](https://github.com/a/gone)\n"
    )
    replay.dead_repos.add("a/gone")
    with _client(replay, tmp_path) as client:
        first = check(doc, client=client)
    sent = len(replay.hits)
    with _client(replay, tmp_path) as client:
        second = check(doc, client=client)
        assert client.stats.requests == 0
    assert len(replay.hits) == sent and first == second
    totals: list[int] = []
    steps: list[int] = []
    with _client(replay, tmp_path) as client:
        check(doc, client=client, on_total=totals.append, progress=steps.append)
    assert totals == [5] and sum(steps) == 5  # one arXiv batch, a DOI, two repositories, a page
    assert [r.status for r in second] == ["ok", "ok", "ok", "dead", "ok"]


def test_dois_resolve_through_the_handle_api(replay: Replay, tmp_path: Path) -> None:
    replay.dead_dois.add("10.1000/missing")
    doc = awesome_parse.parse(
        "# L\n\n- [A](https://doi.org/10.1000/1)\n- [B](https://dx.doi.org/10.1000/missing)\n"
    )
    with _client(replay, tmp_path) as client:
        results = check(doc, client=client)
    assert [(r.kind, r.target, r.status) for r in results] == [
        ("doi", "10.1000/1", "ok"),
        ("doi", "10.1000/missing", "dead"),
    ]


def test_an_exhausted_github_quota_is_unknown_with_a_hint(replay: Replay, tmp_path: Path) -> None:
    replay.github_quota_exhausted = True
    doc = awesome_parse.parse("# L\n\n- [A](https://github.com/a/b)\n")
    with _client(replay, tmp_path) as client:
        [result] = check(doc, client=client)
    assert result.status == "unknown" and "set GITHUB_TOKEN" in result.detail


def test_with_a_token_repositories_are_checked_by_graphql_in_batches(
    replay: Replay, tmp_path: Path
) -> None:
    seen: list[str] = []

    class Spy(WebToReplay):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(request.headers.get("Authorization", ""))
            return super().send(request, **kwargs)

    links = "".join(f"- [R{n}](https://github.com/owner/repo{n})\n" for n in range(60))
    doc = awesome_parse.parse(f"# L\n\n{links}")
    replay.dead_repos.add("owner/repo3")
    replay.archived_repos.add("owner/repo55")
    replay.moved_repos["owner/repo7"] = "other/repo7"
    with _client(replay, tmp_path, Spy(replay), github_token="t0ken") as client:
        results = _by_target(check(doc, client=client, kinds=["github"]))
    assert replay.graphql_batches == [50, 10] and seen == ["Bearer t0ken"] * 2
    assert replay.requests_to("github") == 2
    assert (results["owner/repo3"].status, results["owner/repo55"].status) == ("dead", "archived")
    assert results["owner/repo7"].detail == "moved to other/repo7"
    assert sum(r.status == "ok" for r in results.values()) == 57


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def project(replay: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, value in replay.environment(tmp_path / "cache").items():
        monkeypatch.setenv(name, value)
    (tmp_path / "pyproject.toml").write_text(
        "[tool.awesome_parse.online]\ntimeout = 2\nretries = 0\nmin-interval = { github = 0 }\n",
        encoding="utf-8",
    )
    web = f"http://127.0.0.1:{replay.port}/web"
    (tmp_path / "list.md").write_text(
        "# List\n\n"
        "- [Paper](https://arxiv.org/abs/2103.00020) [Code](https://github.com/a/archived)\n"
        "- [Gone](https://arxiv.org/abs/2401.99999)\n"
        f"- [Walled]({web}/walled.example/page) and [missing]({web}/gone.example/x)\n",
        encoding="utf-8",
    )
    replay.missing_arxiv.add("2401.99999")
    replay.archived_repos.add("a/archived")
    replay.web.update({"walled.example": 999, "gone.example": 404})
    return tmp_path


def test_check_prints_findings_and_fails_on_dead_links(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "list.md", "--no-progress"]) == 1
    out, err = capsys.readouterr()
    web = f"http://127.0.0.1:{project_port(out)}/web"
    gone_column = len(f"- [Walled]({web}/walled.example/page) and [missing](") + 1
    assert out.splitlines() == [
        "list.md:3:52: AC102 [archived-repository] repository a/archived: archived by its owner",
        "list.md:4:10: AC101 [dead-link] arXiv 2401.99999: arXiv has no such paper",
        f"list.md:5:12: AC104 [link-unknown] {web}/walled.example/page: a bot wall (HTTP 403)",
        f"list.md:5:{gone_column}: AC101 [dead-link] {web}/gone.example/x: HTTP 404",
    ]
    assert (
        "5 targets (2 arxiv, 1 github, 2 web): 1 ok, 2 dead, 1 archived, 0 moved, 1 unknown" in err
    )
    assert main(["check", "list.md", "--no-progress", "--fail-on", "never"]) == 0
    assert main(["check", "list.md", "--no-progress", "--fail-on", "archived"]) == 1
    # Reruns come from the cache, except the walled link: a 403 is never cached (HEAD + GET).
    assert "2 requests, 4 cache hits" in capsys.readouterr().err.splitlines()[-1]
    quiet = ["check", "list.md", "--no-progress", "--fail-on", "unknown"]
    assert main([*quiet, "--only", "github,arxiv"]) == 0  # no unknown among those
    assert main([*quiet, "--only", "web"]) == 1


def project_port(output: str) -> str:
    return output.split("http://127.0.0.1:", 1)[1].split("/", 1)[0]


def test_check_writes_sarif_and_github_annotations(project: Path) -> None:
    assert main(["check", "list.md", "--no-progress", "--format", "sarif", "-o", "c.sarif"]) == 1
    run = json.loads((project / "c.sarif").read_text())["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == ["AC102", "AC101", "AC104", "AC101"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["AC101", "AC102", "AC103", "AC104"]
    assert main(["check", "list.md", "--no-progress", "--format", "github", "-o", "c.txt"]) == 1
    first = (project / "c.txt").read_text().splitlines()[0]
    assert first.startswith("::warning file=list.md,line=3,")


def test_check_offline_with_an_empty_cache_reports_unknown_never_dead(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "list.md", "--no-progress", "--offline"]) == 0
    out, err = capsys.readouterr()
    assert "AC101" not in out and out.count("AC104") == 5
    # arXiv's one batch, the repository, HEAD and GET of both web links
    assert "0 requests" in err and "6 not in the cache (offline)" in err


def test_check_usage_errors_are_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "list.md", "--fail-on", "broken"]) == 2
    assert capsys.readouterr().err.strip() == (
        "awesome-parse: error: --fail-on: expected some of dead, archived, moved, unknown, "
        "never, got 'broken'"
    )
    assert main(["check", "nothing.md"]) == 2

"""``enrich`` against the replay server: what it fills, from whom, in how many requests, and
what it reports instead of overriding the list."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("requests_cache", reason="the online extra is not installed")

from requests.adapters import HTTPAdapter

import awesome_parse
from awesome_parse.cli import main
from awesome_parse.online import HttpClient, enrich
from awesome_parse.online import crossref as crossref_api
from awesome_parse.online.http import cached_session

from .conftest import require_shared, run_python
from .online_replay import FakeClock, Replay, replay_server


@pytest.fixture
def replay() -> Iterator[Replay]:
    with replay_server() as state:
        yield state


def _doc(body: str) -> awesome_parse.Document:
    return awesome_parse.parse(f"# List\n\n## Papers\n\n{body}")


def _entry(doc: awesome_parse.Document, title_start: str) -> awesome_parse.Entry:
    return next(e for _, e in doc.walk_all() if e.title.startswith(title_start))


def _codes(report: object) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in report.diagnostics]  # type: ignore[attr-defined]


CLIP = "- [Learning Transferable Visual Models From Natural Language Supervision](https://arxiv.org/abs/2103.00020)\n"


def test_an_arxiv_entry_gets_authors_date_and_its_publication(
    replay: Replay, tmp_path: Path
) -> None:
    doc = _doc(CLIP + "- [Towards Generalist Biomedical AI](https://arxiv.org/abs/2307.14334)\n")
    report = enrich(doc, config=replay.config(tmp_path))
    clip = _entry(doc, "Learning Transferable")
    assert clip.authors[:2] == ["Alec Radford", "Jong Wook Kim"] and len(clip.authors) == 12
    assert clip.sources["authors"] == "api:arxiv"
    # The parser read 2021-03 from the identifier; the service's 2021-02-26 does not replace it.
    assert (clip.year, clip.month, clip.sources["year"]) == (2021, 3, "arxiv-id")
    assert clip.venue == "International Conference on Machine Learning"
    assert clip.sources["venue"] == "api:s2" and clip.status == "published"
    assert clip.abstract is None  # abstracts are opt-in
    medical = _entry(doc, "Towards Generalist")
    assert (medical.venue, medical.doi) == ("NEJM AI", "10.1056/aioa2300138")
    assert medical.sources["doi"] == "api:s2"
    assert _codes(report) == [("preprint-now-published", 5), ("preprint-now-published", 6)]
    assert "name the venue and link the DOI" in report.diagnostics[1].message
    assert doc.diagnostics[-2:] == report.diagnostics
    assert (replay.arxiv_batches, replay.s2_batches) == ([2], [2])


def test_a_preprint_the_services_know_no_publication_of_stays_a_preprint(
    replay: Replay, tmp_path: Path
) -> None:
    replay.arxiv_titles["2310.18689"] = (
        "Foundational Models in Medical Imaging: A Comprehensive Survey and Future Vision"
    )
    doc = _doc("- [Foundational Models in Medical Imaging](https://arxiv.org/abs/2310.18689)\n")
    report = enrich(doc, config=replay.config(tmp_path), abstracts=True)
    entry = _entry(doc, "Foundational")
    assert entry.status == "preprint" and entry.venue is None and entry.doi is None
    assert entry.abstract and entry.sources["abstract"] == "api:arxiv"
    assert report.diagnostics == []


def test_what_the_list_says_is_kept_and_a_disagreement_reported(
    replay: Replay, tmp_path: Path
) -> None:
    doc = _doc(
        "- [Learning Transferable Visual Models From Natural Language Supervision]"
        "(https://arxiv.org/abs/2103.00020) (ICML 2021)\n"
        "- [A Completely Different Paper About Graphs](https://arxiv.org/abs/2307.14334)\n"
    )
    clip = _entry(doc, "Learning Transferable")
    other = _entry(doc, "A Completely Different")
    # What a list may say that the services contradict (set here as the parser would).
    clip.authors, clip.year = ["Smith et al."], 2019
    other.doi = "10.1000/other"
    report = enrich(doc, config=replay.config(tmp_path))
    assert (clip.authors, clip.year, clip.venue) == (["Smith et al."], 2019, "ICML 2021")
    assert clip.status == "published"
    assert (
        other.doi == "10.1000/other" and other.title == "A Completely Different Paper About Graphs"
    )
    messages = [(d.line, d.message) for d in report.diagnostics if d.code == "metadata-conflict"]
    assert messages == [
        (5, "authors differs: the list names 'Smith et al.', api:arxiv Alec Radford, "
         "Jong Wook Kim, Chris Hallacy et al.; kept"),
        (5, "year differs: the list says 2019, api:arxiv 2021, api:s2 2021; kept"),
        (6, "title differs: the list says 'A Completely Different Paper About Graphs', "
         "api:arxiv 'Towards Generalist Biomedical AI'; kept"),
        (6, "doi differs: the list says 10.1000/other, api:s2 10.1056/aioa2300138; kept"),
    ]  # fmt: skip
    assert [d.line for d in report.diagnostics if d.code == "preprint-now-published"] == [6]


def test_arxiv_ids_go_in_batches_of_100_and_one_semantic_scholar_batch(
    replay: Replay, tmp_path: Path
) -> None:
    lines = "".join(
        f"- [Paper number {n}](https://arxiv.org/abs/2301.{n:05d})\n" for n in range(250)
    )
    doc = _doc(lines)
    clock = FakeClock()
    config = replay.config(tmp_path, min_interval={"arxiv": 3.0})
    with HttpClient(config, clock=clock) as client:
        report = enrich(doc, client=client)
        assert client.stats.requests == 4
    assert replay.arxiv_batches == [100, 100, 50] and replay.s2_batches == [250]
    assert clock.sleeps == [3.0, 3.0]  # one arXiv request per 3 s, on the injected clock
    assert report.filled["arxiv"] == 250
    assert all(e.authors for _, e in doc.walk_all())


def test_the_progress_hooks_count_every_step_they_announce(replay: Replay, tmp_path: Path) -> None:
    doc = _doc(
        CLIP
        + "- [Green AI](https://doi.org/10.1145/3381831)\n"
        + "- [T5](https://doi.org/10.5555/3455716.3455856)\n"
        + "- [Attention is all you need](https://papers.nips.cc/paper/7181)\n"
    )
    totals: list[int] = []
    steps: list[int] = []
    enrich(doc, config=replay.config(tmp_path), on_total=totals.append, progress=steps.append)
    assert totals == [4] and sum(steps) == 4  # arXiv, S2, Crossref, one title search


def test_an_identifier_no_service_knows_leaves_the_entry_as_it_was(
    replay: Replay, tmp_path: Path
) -> None:
    replay.missing_arxiv.add("2401.99999")
    doc = _doc("- [Ghost paper of the future](https://arxiv.org/abs/2401.99999)\n")
    before = doc.model_copy(deep=True)
    report = enrich(doc, config=replay.config(tmp_path))
    assert doc.sections == before.sections
    assert _codes(report) == [("not-found", 5)] and report.not_found == 1


def test_a_rate_limited_service_leaves_entries_unanswered_not_missing(
    replay: Replay, tmp_path: Path
) -> None:
    replay.arxiv_rate_exceeded = {0}  # arXiv's own throttle answer: HTTP 200, "Rate exceeded."
    replay.throttle["s2"] = 2  # both attempts of the first run
    doc = _doc(CLIP)
    with HttpClient(replay.config(tmp_path, retries=1), clock=FakeClock()) as client:
        report = enrich(doc, client=client)
    assert _entry(doc, "Learning").authors == []
    assert report.unanswered == 1 and report.not_found == 0 and report.diagnostics == []
    # Nothing was cached, so the next run asks again and gets its answer.
    again = _doc(CLIP)
    with HttpClient(replay.config(tmp_path), clock=FakeClock()) as client:
        enrich(again, client=client)
    assert _entry(again, "Learning").authors[0] == "Alec Radford"


def test_dois_go_to_crossref_then_openalex_for_what_crossref_lacks(
    replay: Replay, tmp_path: Path
) -> None:
    doc = _doc(
        "- [Green AI](https://doi.org/10.1145/3381831)\n"
        "- [Towards AGI via a multimodal foundation model](https://doi.org/10.1038/s41467-022-30761-2)\n"
        "- [T5](https://doi.org/10.5555/3455716.3455856)\n"
    )
    report = enrich(doc, config=replay.config(tmp_path))
    green = _entry(doc, "Green AI")
    assert green.authors[0] == "Roy Schwartz" and green.sources["authors"] == "api:crossref"
    assert (green.venue, green.year, green.status) == (
        "Communications of the ACM",
        2020,
        "published",
    )
    agi = _entry(doc, "Towards AGI")
    assert agi.authors[0] == "Nanyi Fei" and agi.sources["venue"] == "api:openalex"
    assert _codes(report) == [("not-found", 7)]
    assert (report.filled["doi"], report.looked_up["doi"]) == (2, 3)
    filters = [h[2] for h in replay.hits if h[0] == "openalex"]
    assert len(filters) == 1 and "10.1145" not in filters[0]  # only what Crossref lacked


def test_crossref_pages_through_a_batch_with_its_cursor(replay: Replay, tmp_path: Path) -> None:
    with HttpClient(replay.config(tmp_path), clock=FakeClock()) as client:
        [(batch, _, records)] = list(
            crossref_api.fetch(client, ["10.1145/3381831", "10.1038/s41586-023-05881-4"], rows=1)
        )
    assert sorted(records) == sorted(batch)
    pages = [h[2] for h in replay.hits if h[0] == "crossref"]
    assert len(pages) == 2 and "cursor=%2A" in pages[0] and "cursor=page-1" in pages[1]


def test_a_title_is_taken_only_when_it_all_but_matches(replay: Replay, tmp_path: Path) -> None:
    doc = _doc(
        "- [Attention is all you need](https://papers.nips.cc/paper/7181) - NeurIPS 2017\n"
        "- [Transformer: Attention Is All You Need](https://example.org/transformer.pdf)\n"
        "- [Attention Is Most Of What You Need For Graphs](https://example.org/graphs.pdf)\n"
    )
    report = enrich(doc, config=replay.config(tmp_path))
    matched = _entry(doc, "Attention is all")
    assert matched.authors[0] == "Ashish Vaswani" and matched.sources["authors"] == "api:openalex"
    assert matched.venue == "NeurIPS 2017" and matched.sources["venue"] != "api:openalex"
    assert _entry(doc, "Transformer:").authors[0] == "Ashish Vaswani"
    assert _entry(doc, "Attention Is Most").authors == []
    assert _codes(report) == [("title-not-matched", 7)]
    assert "closest: 'Attention Is All You Need'" in report.diagnostics[0].message
    assert report.filled["title"] == 2 and report.unmatched_titles == 1


def test_the_contact_address_and_the_semantic_scholar_key_are_sent(
    replay: Replay, tmp_path: Path
) -> None:
    keys: list[str] = []

    class Spy(HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            keys.append(request.headers.get("x-api-key", ""))
            return super().send(request, **kwargs)

    config = replay.config(tmp_path, mailto="me@example.org", s2_api_key="s2-key")
    session = cached_session(config)
    session.mount("http://", Spy())
    doc = _doc(
        CLIP
        + "- [Green AI](https://doi.org/10.1145/3381831)\n"
        + "- [Attention is all you need](https://papers.nips.cc/paper/7181)\n"
    )
    with HttpClient(config, clock=FakeClock(), session=session) as client:
        enrich(doc, client=client)
    asked = {hit[0]: hit[2] for hit in replay.hits}
    assert "mailto=me%40example.org" in asked["crossref"]
    assert "mailto=me%40example.org" in asked["openalex"]
    assert "mailto" not in asked["arxiv"] and "mailto" not in asked["s2"]
    assert keys.count("s2-key") == 1  # the Semantic Scholar request only


def test_offline_uses_what_an_earlier_run_cached_and_sends_nothing(
    replay: Replay, tmp_path: Path
) -> None:
    enrich(_doc(CLIP), config=replay.config(tmp_path))
    sent = len(replay.hits)
    doc = _doc(CLIP + "- [Towards Generalist Biomedical AI](https://arxiv.org/abs/2307.14334)\n")
    report = enrich(doc, config=replay.config(tmp_path, offline=True))
    assert len(replay.hits) == sent
    assert report.stats.requests == 0 and report.stats.offline_misses == 2  # arXiv and S2
    assert report.unanswered == 2 and _entry(doc, "Towards").authors == []
    clip_only = _doc(CLIP)
    enrich(clip_only, config=replay.config(tmp_path, offline=True))
    assert _entry(clip_only, "Learning").authors[0] == "Alec Radford"


def test_importing_the_package_does_not_load_the_http_stack() -> None:
    code = "import sys, awesome_parse, awesome_parse.online; print('requests' in sys.modules)"
    assert run_python(code).stdout.strip() == "False"


# --- the command ------------------------------------------------------------------------


@pytest.fixture
def project(replay: Replay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose pyproject.toml lifts the services' pace (the replay server
    is not rate limited), with every endpoint set through the environment."""
    (tmp_path / "pyproject.toml").write_text(
        "[tool.awesome_parse.online]\n"
        "min-interval = { arxiv = 0, s2 = 0, openalex = 0, crossref = 0 }\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for name, value in replay.environment(tmp_path / "cache").items():
        monkeypatch.setenv(name, value)
    return tmp_path


def test_enrich_seed_000_fills_every_arxiv_entry_and_a_rerun_sends_nothing(
    replay: Replay, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = require_shared("seeds")[0]
    doc = awesome_parse.parse_file(seed)
    arxiv_entries = [e for _, e in doc.walk_all() if e.arxiv_id]
    replay.arxiv_titles = {e.arxiv_id: e.title for e in arxiv_entries if e.arxiv_id}

    assert main(["enrich", str(seed), "-o", "out.json", "--no-progress"]) == 0
    first = capsys.readouterr().err
    sent = len(replay.hits)
    enriched = [e for _, e in _walk(json.loads((project / "out.json").read_text()))]
    with_id = [e for e in enriched if e.get("arxiv_id")]
    assert len(with_id) == len(arxiv_entries) > 50
    assert all(e["authors"] and e["sources"]["authors"] == "api:arxiv" for e in with_id)
    assert f"{len(with_id)}/{len(with_id)} by arXiv ID" in first
    assert "not known to the services" in first and "titles without a close enough match" in first
    assert f"{sent} requests, 0 cache hits" in first
    assert sent < 40  # batched: one arXiv and one S2 request for all arXiv IDs

    assert main(["enrich", str(seed), "-o", "out.bib", "--no-progress", "-q"]) == 0
    assert len(replay.hits) == sent  # the second run makes zero requests
    assert "author = {Radford, Alec and" in (project / "out.bib").read_text()


def _walk(node: dict[str, object]) -> Iterator[tuple[None, dict[str, object]]]:
    for entry in node.get("entries", []):  # type: ignore[attr-defined]
        yield from _entry_tree(entry)
    for section in node.get("sections", []):  # type: ignore[attr-defined]
        yield from _walk(section)


def _entry_tree(entry: dict[str, object]) -> Iterator[tuple[None, dict[str, object]]]:
    yield None, entry
    for child in entry.get("children", []):  # type: ignore[attr-defined]
        yield from _entry_tree(child)


def test_a_terminal_gets_a_progress_bar(
    replay: Replay, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    (project / "list.md").write_text("# L\n\n## P\n\n" + CLIP, encoding="utf-8")
    assert main(["enrich", "list.md", "-o", "out.json"]) == 0
    assert "| 0/2 [" in terminal.getvalue()  # two steps: arXiv's batch, Semantic Scholar's
    assert "1 of 1 entry looked up were found" in terminal.getvalue()


def test_enrich_writes_its_findings_as_sarif(replay: Replay, project: Path) -> None:
    (project / "list.md").write_text("# L\n\n## P\n\n" + CLIP, encoding="utf-8")
    status = main(
        ["enrich", "list.md", "-o", "out.jsonl", "--findings", "f.sarif",
         "--findings-format", "sarif", "--no-progress"]
    )  # fmt: skip
    assert status == 0
    sarif = json.loads((project / "f.sarif").read_text())
    [result] = sarif["runs"][0]["results"]
    assert result["ruleId"] == "AE101" and result["level"] == "note"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    rules = [rule["name"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert "preprint-now-published" in rules
    assert json.loads((project / "out.jsonl").read_text().splitlines()[0])["status"] == "published"


def test_enrich_usage_errors_are_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["enrich", "missing.md", "--no-progress"]) == 2
    assert capsys.readouterr().err.strip() == "awesome-parse: error: missing.md: no such file"
    (project / "pyproject.toml").write_text("[tool.awesome_parse.online]\nspeed = 1\n")
    (project / "list.md").write_text("# L\n")
    assert main(["enrich", "list.md", "--no-progress"]) == 2
    assert "has no setting 'speed'" in capsys.readouterr().err

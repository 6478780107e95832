"""``diff`` and ``history`` on a real git repository holding a real list: the known additions,
removals, moves and changes between two commits, each entry's added date from git blame
(moves keep the first date), and the feeds of the entries added in a date range."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest

from awesome_parse.changes import diff_documents, render_markdown
from awesome_parse.cli import main
from awesome_parse.parser import parse

from .conftest import SHARED, GitRepo

DEV_LIST = SHARED / "corpus" / "dev" / "niderhoff__nlp-datasets.md"
FIRST = "2024-01-01T12:00:00+00:00"
SECOND = "2024-03-05T12:00:00+00:00"
ADDED = [
    "*   [NLP Test Corpus One](https://example.org/corpus-one): a new corpus (1 GB)\n",
    "*   [Another Dataset of Questions](https://arxiv.org/abs/2401.01234): questions (2 MB)\n",
]


def _edit(text: str) -> str:
    """Add two entries, remove Death Row, move Enron to German, rename Gutenberg."""
    lines = text.splitlines(keepends=True)
    enron = next(line for line in lines if line.startswith("*   [Enron Email Data]"))
    death = next(line for line in lines if line.startswith("*   [Death Row]"))
    lines.remove(enron)
    lines.remove(death)
    at = lines.index(next(line for line in lines if line.startswith("*   [Amazon Reviews]")))
    lines[at + 1 : at + 1] = ADDED
    german = lines.index("## Datasets (German)\n")
    lines.insert(german + 1, enron)
    edited = "".join(lines)
    return edited.replace("[Gutenberg Ebook List]", "[Gutenberg eBook Catalog]")


@pytest.fixture
def list_repo(git_repo: GitRepo) -> GitRepo:
    if not DEV_LIST.is_file():
        pytest.skip("../shared/corpus/dev is not available")
    text = DEV_LIST.read_text(encoding="utf-8")
    git_repo.commit({"README.md": text}, "the list", FIRST)
    git_repo.commit({"README.md": _edit(text)}, "two datasets, a move, a rename", SECOND)
    return git_repo


def _run(repo: GitRepo, *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    cwd = os.getcwd()
    os.chdir(repo.root)
    try:
        assert main(list(args)) == 0
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


def test_diff_between_two_commits(list_repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(
        list_repo, "diff", "HEAD~1:README.md", "HEAD:README.md", "--format", "json", capsys=capsys
    )
    data = json.loads(out)
    assert data["summary"] == {"added": 2, "removed": 1, "moved": 1, "changed": 1}
    by_kind = {kind: [c for c in data["changes"] if c["kind"] == kind] for kind in data["summary"]}
    assert [c["new"]["title"] for c in by_kind["added"]] == [
        "NLP Test Corpus One",
        "Another Dataset of Questions",
    ]
    assert [c["old"]["title"] for c in by_kind["removed"]] == ["Death Row"]
    (moved,) = by_kind["moved"]
    assert moved["old"]["section"] == "Datasets (English, multilang)"
    assert moved["new"]["section"] == "Datasets (German)"
    (changed,) = by_kind["changed"]
    assert changed["fields"]["title"] == {
        "old": "Gutenberg Ebook List",
        "new": "Gutenberg eBook Catalog",
    }
    # The working tree against a revision, as text and as a Markdown comment.
    text = _run(list_repo, "diff", "HEAD~1:README.md", "README.md", capsys=capsys)
    assert text.splitlines()[0].endswith("2 added, 1 removed, 1 moved, 1 changed")
    assert "+ NLP Test Corpus One <https://example.org/corpus-one>" in text
    markdown = _run(
        list_repo, "diff", "HEAD~1:README.md", "README.md", "--format", "markdown", capsys=capsys
    )
    assert "#### Added (2)" in markdown
    assert "- [NLP Test Corpus One](https://example.org/corpus-one)" in markdown


def test_identity_matching_prefers_ids_over_titles() -> None:
    old = parse("# L\n\n## A\n- [CLIP](https://arxiv.org/abs/2103.00020)\n- [X](https://x.org)\n")
    new = parse(
        "# L\n\n## B\n- [Learning Transferable Visual Models](https://arxiv.org/pdf/2103.00020)\n"
        "\n## A\n- [X](https://x.org/)\n"
    )
    (change,) = diff_documents(old, new)  # X only gained a trailing slash: no change
    assert change.kind == "moved"
    assert change.fields["title"] == ("CLIP", "Learning Transferable Visual Models")
    assert change.fields["url"][1] == "https://arxiv.org/pdf/2103.00020"  # /pdf/ is a new link
    markdown = render_markdown([change], "a", "b")
    assert (
        "- [Learning Transferable Visual Models](https://arxiv.org/pdf/2103.00020): *A* → *B*"
        in markdown
    )


def test_history_dates_and_feeds(list_repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(list_repo, "history", "README.md", "--format", "json", capsys=capsys)
    by_title = {item["title"]: item for item in json.loads(out)}
    for title in ("NLP Test Corpus One", "Another Dataset of Questions"):
        assert by_title[title]["added"] == "2024-03-05T12:00:00+00:00"
    assert by_title["Enron Email Data"]["added"] == "2024-01-01T12:00:00+00:00"  # moved
    assert by_title["Amazon Reviews"]["added"] == "2024-01-01T12:00:00+00:00"
    head = list_repo.git("rev-parse", "HEAD").strip()
    assert by_title["NLP Test Corpus One"]["commit"] == head

    feed = json.loads(
        _run(
            list_repo,
            "history",
            "README.md",
            "--format",
            "jsonfeed",
            "--since",
            "2024-03-01",
            capsys=capsys,
        )
    )
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert {item["title"] for item in feed["items"]} == {
        "NLP Test Corpus One",
        "Another Dataset of Questions",
        "Gutenberg eBook Catalog",  # its first line changed in that commit
    }
    atom = _run(
        list_repo,
        "history",
        "README.md",
        "--format",
        "atom",
        "--since",
        "2024-03-01",
        "--until",
        "2024-03-31",
        capsys=capsys,
    )
    root = ElementTree.fromstring(atom)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert sorted(titles) == sorted(item["title"] for item in feed["items"])
    assert root.findtext("a:updated", namespaces=ns) == "2024-03-05T12:00:00+00:00"
    empty = _run(
        list_repo,
        "history",
        "README.md",
        "--format",
        "jsonfeed",
        "--until",
        "2023-12-31",
        capsys=capsys,
    )
    assert json.loads(empty)["items"] == []


def test_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "README.md"
    target.write_text("# L\n\n- [a](https://a.org)\n", encoding="utf-8")
    assert main(["history", str(target)]) == 2  # not in a git repository
    assert main(["diff", "nope:README.md", str(target)]) == 2
    assert main(["history", str(target), "--since", "March"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 3


def test_parse_history_adds_an_added_field(
    list_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import sqlite3

    root = list_repo.root
    _run(list_repo, "README.md", "-o", "plain.json", capsys=capsys)
    assert '"added"' not in (root / "plain.json").read_text(encoding="utf-8")
    for name in ("h.json", "h.csv", "h.sqlite"):
        _run(list_repo, "README.md", "--history", "-o", name, capsys=capsys)
    doc = json.loads((root / "h.json").read_text(encoding="utf-8"))
    added = {e["title"]: e.get("added") for s in doc["sections"] for e in s["entries"]}
    assert added["NLP Test Corpus One"] == SECOND
    assert added["Amazon Reviews"] == FIRST
    with open(root / "h.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["title"]: r["added"] for r in rows}["NLP Test Corpus One"] == SECOND
    with sqlite3.connect(root / "h.sqlite") as connection:
        found = connection.execute(
            "SELECT added FROM entries WHERE title = 'Enron Email Data'"
        ).fetchone()
    assert found == (FIRST,)
    assert main(["-", "--history"]) == 2


def test_a_paper_under_two_topics_is_matched_topic_by_topic() -> None:
    clip = "- [CLIP](https://arxiv.org/abs/2103.00020)\n"
    old = parse(f"# L\n\n## Vision\n{clip}\n## Language\n{clip}")
    new = parse(f"# L\n\n## Language\n{clip}\n## Vision\n{clip}\n## Audio\n{clip}")
    changes = diff_documents(old, new)
    assert [(c.kind, c.item.section) for c in changes] == [("added", "Audio")]


def test_history_text_marks_uncommitted_entries(
    list_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = list_repo.root / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8") + "\n## New\n- [Fresh](https://fresh.example)\n",
        encoding="utf-8",
    )
    lines = _run(list_repo, "history", "README.md", capsys=capsys).splitlines()
    assert lines[-1] == "uncommitted  ----------  Fresh  [New]"
    assert any(line.startswith("2024-03-05  ") and "NLP Test Corpus One" in line for line in lines)

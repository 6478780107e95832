"""PR mode on a real git repository: a pull request that adds one bad and one good entry to a
list with old findings is judged only by the bad one, with ``--diff-base`` and with
``--baseline``; moving old text does not bring its findings back."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from awesome_parse.cli import main

from .conftest import GitRepo

OLD = """\
# Awesome Models

## Vision
- [ViT](https://arxiv.org/abs/2010.11929)
- Swin Transformer [[Paper]] [[Code]](https://github.com/microsoft/Swin-Transformer)
- [DeiT](https://arxiv.org/2012.12877)

## Language
- [GPT-3](https://arxiv.org/abs/2005.14165)
- BERT [[Paper]] [[Code]](https://github.com/google-research/bert)
"""

NEW_BAD = "- ConvNeXt [[Paper]] [[Code]](https://github.com/facebookresearch/ConvNeXt)\n"
NEW_GOOD = "- [BEiT](https://arxiv.org/abs/2106.08254)\n"

# The pull request: the two new entries at the top of Vision (every old line moves down),
# and the old BERT entry (with its finding) moved from Language to Vision.
PR = (
    OLD.replace("## Vision\n", "## Vision\n" + NEW_BAD + NEW_GOOD)
    .replace("- BERT [[Paper]] [[Code]](https://github.com/google-research/bert)\n", "")
    .replace(
        "## Language\n",
        "- BERT [[Paper]] [[Code]](https://github.com/google-research/bert)\n\n## Language\n",
    )
)


def _lint(repo: GitRepo, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list]:
    cwd = os.getcwd()
    os.chdir(repo.root)
    try:
        status = main(["lint", "--format", "json", *args])
    finally:
        os.chdir(cwd)
    return status, json.loads(capsys.readouterr().out)


@pytest.fixture
def pull_request(git_repo: GitRepo) -> GitRepo:
    git_repo.commit({"README.md": OLD}, "the list", "2024-01-01T12:00:00+00:00")
    git_repo.git("checkout", "-q", "-b", "pr")
    git_repo.commit({"README.md": PR}, "add ConvNeXt and BEiT", "2024-02-01T12:00:00+00:00")
    return git_repo


def test_the_whole_file_has_old_findings(
    pull_request: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = _lint(pull_request, "README.md", capsys=capsys)
    assert status == 1
    assert len(findings) == 4  # three old (two empty links, one arXiv URL), one new


def test_diff_base_reports_only_the_new_bad_entry(
    pull_request: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    status, findings = _lint(pull_request, "README.md", "--diff-base", "main", capsys=capsys)
    assert status == 1
    assert [(f["line"], f["name"]) for f in findings] == [(4, "empty-link")]
    assert "ConvNeXt" in PR.split("\n")[3]


def test_diff_base_counts_uncommitted_changes_and_new_files(
    pull_request: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    (pull_request.root / "README.md").write_text(PR + "- Later [[Paper]]\n", encoding="utf-8")
    (pull_request.root / "NEW.md").write_text("# N\n\n- A [[Code]]\n", encoding="utf-8")
    _, findings = _lint(pull_request, "README.md", "NEW.md", "--diff-base", "main", capsys=capsys)
    # The new line of README.md (an empty link and an entry without a link), NEW.md whole.
    assert [(f["path"], f["line"], f["name"]) for f in findings] == [
        ("README.md", 4, "empty-link"),
        ("README.md", 14, "entry-without-link"),
        ("README.md", 14, "empty-link"),
        ("NEW.md", 3, "empty-link"),
    ]


def test_clean_pull_request_passes(git_repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    git_repo.commit({"README.md": OLD}, "the list", "2024-01-01T12:00:00+00:00")
    git_repo.git("checkout", "-q", "-b", "pr")
    good = OLD.replace("## Language\n", NEW_GOOD + "\n## Language\n")
    git_repo.commit({"README.md": good}, "add BEiT", "2024-02-01T12:00:00+00:00")
    assert _lint(git_repo, "README.md", "--diff-base", "main", capsys=capsys) == (0, [])


def test_baseline_reports_only_the_new_bad_entry(
    pull_request: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = pull_request
    repo.git("checkout", "-q", "main")
    cwd = os.getcwd()
    os.chdir(repo.root)
    try:
        assert main(["lint", "--write-baseline", "baseline.json", "README.md"]) == 0
    finally:
        os.chdir(cwd)
    recorded = json.loads((repo.root / "baseline.json").read_text(encoding="utf-8"))
    assert len(recorded["findings"]) == 3
    assert all("line" not in record for record in recorded["findings"])
    repo.git("checkout", "-q", "pr")
    status, findings = _lint(repo, "README.md", "--baseline", "baseline.json", capsys=capsys)
    assert status == 1
    assert [(f["line"], f["name"]) for f in findings] == [(4, "empty-link")]


def test_baseline_counts_repeats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same defect in a second entry with the same identity is still new."""
    target = tmp_path / "README.md"
    target.write_text(OLD, encoding="utf-8")
    baseline = tmp_path / "b.json"
    assert main(["lint", "--write-baseline", str(baseline), str(target)]) == 0
    capsys.readouterr()
    target.write_text(OLD + "- [DeiT](https://arxiv.org/2012.12877)\n", encoding="utf-8")
    main(["lint", "--format", "json", "--baseline", str(baseline), str(target)])
    assert [f["line"] for f in json.loads(capsys.readouterr().out)] == [11]


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "README.md"
    target.write_text(OLD, encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["lint", "--baseline", str(bad), str(target)]) == 2
    assert "not a baseline file" in capsys.readouterr().err
    assert main(["lint", "--baseline", str(tmp_path / "missing.json"), str(target)]) == 2
    assert main(["lint", "--diff-base", "main", str(target)]) == 2  # not in a repository
    err = capsys.readouterr().err
    assert "--diff-base main" in err and "Traceback" not in err
    assert main(["lint", "--diff-base", "main", "-"]) == 2


def test_shallow_clone_says_to_fetch_the_history(
    pull_request: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    shallow = tmp_path / "shallow"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "pr",
            f"file://{pull_request.root}",
            str(shallow),
        ],
        check=True,
    )
    assert main(["lint", "--diff-base", "origin/main", str(shallow / "README.md")]) == 2
    assert "fetch-depth: 0" in capsys.readouterr().err

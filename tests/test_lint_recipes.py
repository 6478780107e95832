"""The CI recipes of docs/lint.md work as written: the pre-commit configuration against a
local clone of this checkout pinned to its commit, and the GitHub Actions workflows (parsed
with PyYAML) with their ``awesome-parse`` steps run in a repository holding a pull request."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, GitRepo

yaml = pytest.importorskip("yaml")

DOC = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
OLD = (
    "# Awesome Models\n\n## Vision\n- [ViT](https://arxiv.org/abs/2010.11929)\n"
    "- Swin [[Paper]] [[Code]](https://github.com/microsoft/Swin-Transformer)\n"
    "- [DeiT](https://arxiv.org/2012.12877)\n"
)
BAD = "- ConvNeXt [[Paper]] [[Code]](https://github.com/facebookresearch/ConvNeXt)\n"
GOOD = "- [BEiT](https://arxiv.org/abs/2106.08254)\n"
PR = OLD.replace("## Vision\n", "## Vision\n" + BAD + GOOD)
_BESIDE_PYTHON = Path(sys.executable).parent / "pre-commit"
PRE_COMMIT = shutil.which("pre-commit") or (
    str(_BESIDE_PYTHON) if _BESIDE_PYTHON.exists() else None
)


def _section(title: str) -> str:
    start = DOC.index(f"\n## {title}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end > 0 else len(DOC)]


def _yaml_blocks(title: str) -> list[Any]:
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", _section(title), re.S)]


def _shim(directory: Path) -> Path:
    """An ``awesome-parse`` command on PATH that runs this checkout."""
    directory.mkdir()
    script = directory / "awesome-parse"
    script.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT / "src"}" exec "{sys.executable}" -m awesome_parse "$@"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return directory


@pytest.mark.skipif(shutil.which("bash") is None, reason="the workflows' steps run in bash")
def test_github_actions_workflows_run_as_written(git_repo: GitRepo, tmp_path: Path) -> None:
    workflows = _yaml_blocks("GitHub Actions")
    assert len(workflows) == 2
    upstream = git_repo
    upstream.commit({"README.md": OLD}, "the list", "2024-01-01T12:00:00+00:00")
    checkout = GitRepo.__new__(GitRepo)
    checkout.root = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", str(upstream.root), str(checkout.root)], check=True)
    checkout.git("checkout", "-q", "-b", "pr")
    checkout.commit({"README.md": PR}, "add two models", "2024-02-01T12:00:00+00:00")
    path = f"{_shim(tmp_path / 'bin')}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "GITHUB_BASE_REF": "main"}
    outputs = []
    for workflow in workflows:
        # PyYAML reads the key "on" as True (YAML 1.1); GitHub reads it as "on".
        assert set(workflow) == {"name", True, "jobs"}
        (job,) = workflow["jobs"].values()
        assert job["runs-on"] == "ubuntu-latest"
        uses = [step["uses"] for step in job["steps"] if "uses" in step]
        assert uses[0].startswith("actions/checkout@")
        commands = [s["run"] for s in job["steps"] if s.get("run", "").startswith("awesome-parse")]
        assert len(commands) == 1
        done = subprocess.run(
            ["bash", "-e", "-c", commands[0]],
            cwd=checkout.root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, done.stderr  # an error-level finding fails the step
        outputs.append(done.stdout)
    annotations = outputs[0].splitlines()
    assert len(annotations) == 1 and annotations[0].startswith("::error file=README.md,line=4,")
    assert "fetch-depth" in str(workflows[0]["jobs"]["lint"]["steps"][0])
    sarif = json.loads((checkout.root / "awesome-parse.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert any("fixes" in result for result in results)  # the arXiv URL has a certain fix


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="the checkout is not a git clone")
def test_pre_commit_recipe_runs_against_a_pinned_clone(git_repo: GitRepo, tmp_path: Path) -> None:
    """pre-commit installs the hook from a clone of this checkout at its commit (its own
    virtual environment, from the package index pip is configured with) and runs it."""
    (config,) = _yaml_blocks("pre-commit")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    (repo_config,) = config["repos"]
    repo_config["repo"], repo_config["rev"] = str(clone), head
    (hook,) = repo_config["hooks"]
    assert hook["id"] == "awesome-parse-lint"
    baseline = hook["args"][hook["args"].index("--baseline") + 1]

    project = git_repo
    project.commit({"README.md": OLD}, "the list", "2024-01-01T12:00:00+00:00")
    shim = _shim(tmp_path / "bin")
    subprocess.run(
        [str(shim / "awesome-parse"), "lint", "--write-baseline", baseline, "README.md"],
        cwd=project.root,
        check=True,
        capture_output=True,
    )
    (project.root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    project.git("add", "-A")

    assert PRE_COMMIT is not None
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run() -> subprocess.CompletedProcess[str]:
        project.git("add", "-A")
        return subprocess.run(
            [PRE_COMMIT, "run", "--files", "README.md"],
            cwd=project.root,
            env=env,
            capture_output=True,
            text=True,
        )

    (project.root / "README.md").write_text(OLD + GOOD, encoding="utf-8")
    good = run()
    assert good.returncode == 0, good.stdout + good.stderr  # old findings are in the baseline
    (project.root / "README.md").write_text(
        OLD.replace("## Vision\n", "## Vision\n" + BAD + GOOD), encoding="utf-8"
    )
    bad = run()
    assert bad.returncode == 1
    reported = [line for line in bad.stdout.splitlines() if line.startswith("README.md:")]
    assert reported == [
        "README.md:4:12: AP101 [empty-link] [[Paper]] is shown as plain text: no (URL) follows it"
    ]

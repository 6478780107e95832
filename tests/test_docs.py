"""The docs are tested: the README's commands, the model page, the constructs' examples."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import awesome_parse

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSTRUCTS = (ROOT / "docs" / "constructs.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    setup = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", setup, flags=re.S)


def test_readme_setup_is_two_commands_and_ci_runs_the_test_one() -> None:
    install, test = _setup_commands()
    assert "pip install" in install and "examples/" in install
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == test, ".ci/run must end with exactly the README's test command"
    example = re.search(r"(examples/\S+\.md)", install)
    assert example and (ROOT / example.group(1)).is_file()


def test_model_page_is_generated_from_the_models() -> None:
    import runpy

    render = runpy.run_path(str(ROOT / "docs" / "generate_model_doc.py"))["render"]
    assert (ROOT / "docs" / "model.md").read_text(encoding="utf-8") == render()


EXAMPLES = re.findall(
    r"^(```|~~~)markdown\n(.*?)^\1\n\n```json\n(.*?)^```", CONSTRUCTS, flags=re.S | re.M
)


def _first_entry(doc: awesome_parse.Document) -> tuple[list[str], dict[str, Any]]:
    path, entry = next(iter(doc.walk()))
    return path, json.loads(entry.model_dump_json())


@pytest.mark.parametrize(("markdown", "expected"), [(m, e) for _, m, e in EXAMPLES])
def test_construct_examples(markdown: str, expected: str) -> None:
    path, entry = _first_entry(awesome_parse.parse(markdown))
    for key, value in json.loads(expected).items():
        assert (path if key == "section" else entry.get(key)) == value, key


def test_every_construct_has_an_example() -> None:
    headings = re.findall(r"^## .*\n\n", CONSTRUCTS, flags=re.M)  # example lists have none
    assert len(EXAMPLES) == len(headings)

"""The command line: output files, stdout, and errors that are one line and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from awesome_parse.cli import main

from .conftest import ROOT, run_python

LIST = "# My List\n\n## Papers\n\n- [CLIP](https://arxiv.org/abs/2103.00020) (from OpenAI)\n"


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text(LIST, encoding="utf-8")
    return path


def test_json_to_stdout(readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(readme)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["title"] == "My List"
    assert doc["sections"][0]["entries"][0]["url"] == "https://arxiv.org/abs/2103.00020"


def test_output_file_by_extension(readme: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main([str(readme), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == str(readme)


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LIST.encode())))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "<stdin>"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.md"], "no such file"),
        (["{tmp}"], "is a directory"),
        (["{png}"], "not a Markdown text file"),
        (["{readme}", "-o", "{tmp}/no/such/dir/out.json"], "does not exist"),
        (["{readme}", "-o", "{tmp}/out.unknown"], "cannot tell the format"),
        (["{readme}", "-f", "yaml"], "unknown format"),
        (["{readme}", "-o", "{tmp}/out.json", "--bom"], "CSV output only"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    args: list[str], message: str, readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "image.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    filled = [a.format(tmp=tmp_path, png=png, readme=readme) for a in args]
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_existing_output_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("previous", encoding="utf-8")
    png = tmp_path / "image.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main([str(png), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["image.md", "out.json"]


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Document"
    assert schema["additionalProperties"] is False
    assert "kind" in schema["$defs"]["Entry"]["properties"]
    # Every field's docstring is its description, read only when a schema is made.
    models = [schema, *schema["$defs"].values()]
    undescribed = [
        (model["title"], name)
        for model in models
        for name, prop in model["properties"].items()
        if not prop.get("description")
    ]
    assert undescribed == []
    severity = schema["$defs"]["Diagnostic"]["properties"]["severity"]["description"]
    assert severity == "How much it matters: error, warning or info."


def test_a_subclass_of_a_model_keeps_the_descriptions_it_inherits() -> None:
    from awesome_parse.model import Entry

    class StarredEntry(Entry):
        stars: int = 0
        """GitHub stars when the list was read."""

    class RetitledEntry(StarredEntry):
        title: str = ""
        """The title as the curator wrote it."""

    properties = StarredEntry.model_json_schema()["properties"]
    assert properties["stars"]["description"] == "GitHub stars when the list was read."
    assert properties["title"]["description"].startswith("The entry's title as a reader sees")
    retitled = RetitledEntry.model_json_schema()["properties"]
    assert retitled["title"]["description"] == "The title as the curator wrote it."
    assert retitled["stars"]["description"] == "GitHub stars when the list was read."


def test_an_aliased_field_gets_no_description_rather_than_another_fields() -> None:
    from awesome_parse.model import _Model

    class Swapped(_Model):
        a: int = pydantic.Field(0, alias="b")
        """Docstring of a."""
        b: int = pydantic.Field(0, alias="a")
        """Docstring of b."""

    properties = Swapped.model_json_schema()["properties"]
    assert [prop.get("description") for prop in properties.values()] == [None, None]


def test_a_model_without_source_has_a_schema_without_descriptions() -> None:
    from awesome_parse.model import _Model

    made = pydantic.create_model("Made", __base__=_Model, name=(str, ""))
    assert made.model_json_schema()["properties"]["name"] == {
        "default": "",
        "title": "Name",
        "type": "string",
    }


def test_version_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from awesome_parse.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "mods = ('mistletoe', 'bibtexparser', 'pydantic', 'ftfy')\n"
        "heavy = [m for m in mods if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    result = run_python(code)
    assert result.stdout.strip().splitlines()[-1] == "HEAVY:"


@pytest.mark.parametrize("module", ["awesome_parse", "awesome_parse.lint"])
def test_python_m_exits_with_the_status_and_skips_the_last_sweep(
    module: str, tmp_path: Path
) -> None:
    """The process ends through exit_process: the command's status, the collector frozen."""
    missing = tmp_path / "missing.md"
    args = ["lint", str(missing)] if module == "awesome_parse" else [str(missing)]
    code = (
        "import gc, runpy, sys\n"
        f"sys.argv = {[module, *args]!r}\n"
        "try:\n"
        f"    runpy.run_module({module!r}, run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    print(stop.code, gc.get_freeze_count() > 0)\n"
    )
    result = run_python(code, check=False)
    assert result.stdout.split() == ["2", "True"], result.stderr


def test_the_console_script_is_the_same_entry_point() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["awesome-parse"] == "awesome_parse.cli:entry_point"


def test_module_entry_point(readme: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "awesome_parse", str(readme)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "My List"


def test_sqlite_output_that_is_not_a_database_is_a_usage_error(
    readme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "notes.db"
    out.write_text("my notes, not a database\n", encoding="utf-8")
    assert main([str(readme), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("awesome-parse: error:") and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_an_unknown_option_is_one_line(readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(readme), "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--no-such-option" in err


def test_the_input_is_never_the_output(readme: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = readme.read_text(encoding="utf-8")
    assert main([str(readme), "-f", "json", "-o", str(readme)]) == 2
    assert "is the input file" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/dev/zero"]) == 2
    assert "not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("bib", "bibtex"),
        ("BibTeX", "bibtex"),
        ("db", "sqlite"),
        ("sqlite3", "sqlite"),
        ("ndjson", "jsonl"),
        ("json", "json"),
    ],
)
def test_format_names_and_suffix_aliases(name: str, fmt: str) -> None:
    from awesome_parse.cli.parse import output_format

    assert output_format(name, "ignored.txt") == fmt

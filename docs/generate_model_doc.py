"""Write docs/model.md from the pydantic models' field docstrings.

    python docs/generate_model_doc.py > docs/model.md

tests/test_docs.py fails when docs/model.md differs from this output, so the page always
matches the JSON Schema (``python -m awesome_parse schema``).
"""

from __future__ import annotations

from typing import Any

from awesome_parse.model import Badge, Diagnostic, Document, Entry, Link, Paper, Section

MODELS = (Document, Section, Entry, Link, Badge, Diagnostic, Paper)

INTRO = """\
# The data model

`awesome_parse.parse()` returns a `Document`; its JSON (`python -m awesome_parse README.md`)
uses exactly these field names, and `python -m awesome_parse schema` prints the JSON Schema.
Every object forbids unknown fields (`additionalProperties: false`), so a consumer can validate
documents it receives from others. Lists and objects default to empty, other fields to `null`.

This page is generated from the models (`python docs/generate_model_doc.py > docs/model.md`).
"""


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " \\| ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list[{_type(schema.get('items', {}))}]"
    if kind == "object":
        extra = schema.get("additionalProperties")
        return f"dict[str, {_type(extra)}]" if isinstance(extra, dict) else "dict"
    return str(kind)


def render() -> str:
    out = [INTRO]
    for model in MODELS:
        schema = model.model_json_schema()
        if "$ref" in schema:  # a self-referencing model (Entry.children) sits in $defs
            schema = schema["$defs"][_type(schema)]
        out.append(f"\n## {model.__name__}\n\n{(model.__doc__ or '').strip()}\n")
        out.append("| field | type | meaning |\n|---|---|---|")
        for name, prop in schema["properties"].items():
            description = " ".join(prop.get("description", "").split()).replace("|", "\\|")
            out.append(f"| `{name}` | {_type(prop)} | {description} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render(), end="")

"""The typed tree a parse returns: Document → Section → Entry.

The field names are a public contract: the JSON output and the JSON Schema use exactly these.
Each field is documented where it is declared; those docstrings become the schema's
descriptions (``python -m awesome_parse schema``).
"""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
import sys
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EntryKind = Literal["paper", "repo", "dataset", "link", "text"]
Severity = Literal["error", "warning", "info"]
LinkRole = Literal[
    "paper",
    "code",
    "project",
    "blog",
    "video",
    "slides",
    "huggingface",
    "dataset",
    "demo",
    "docs",
    "other",
]


def _describe_fields(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Give each property of ``model``'s JSON Schema its attribute docstring.

    Why not pydantic's ``use_attribute_docstrings``: it reads them while creating each class,
    which cost every process 45–55 ms at import (walking frames and tokenising the source). Only
    a JSON Schema needs them, so they are read here, once per class, when one is generated.
    """
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):  # a subclass's own docstring wins over its base's
        if issubclass(cls, BaseModel) and cls is not BaseModel:
            docs.update(_attribute_docstrings(cls))
    properties = schema.get("properties", {})
    for name, field in model.model_fields.items():
        # A property is keyed by the field's name only when it has no alias (ours have none).
        aliased = field.alias or field.validation_alias or field.serialization_alias
        if name in docs and name in properties and not aliased:
            properties[name].setdefault("description", docs[name])


@functools.cache
def _attribute_docstrings(model: type[BaseModel]) -> dict[str, str]:
    """``{field: docstring}`` from the string literal after each annotated field of the class
    body; none when its source cannot be read (it then adds no descriptions of its own)."""
    definition = _class_definitions(model.__module__).get(model.__qualname__)
    docs: dict[str, str] = {}
    body = definition.body if definition is not None else []
    for field, after in itertools.pairwise(body):
        if (
            isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


@functools.cache
def _class_definitions(module_name: str) -> dict[str, ast.ClassDef]:
    """Every class statement of a module by qualified name, the module parsed once (asking
    ``inspect`` class by class parses the whole module each time); the first of two
    definitions of one name, as ``inspect`` finds it."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[module_name]))
    except (KeyError, OSError, TypeError, SyntaxError):
        return {}
    found: dict[str, ast.ClassDef] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                found.setdefault(prefix + child.name, child)
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, f"{prefix}{child.name}.<locals>.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=False,
        ser_json_inf_nan="null",
        json_schema_extra=_describe_fields,
    )


class Link(_Model):
    """A hyperlink as written in the list."""

    text: str = ""
    """The link text a reader sees (label brackets and surrounding whitespace removed)."""
    url: str
    """The link target exactly as written (relative links and in-page anchors included)."""
    role: LinkRole = "other"
    """What the link points at, judged from its label and host: paper, code, project, blog,
    video, slides, huggingface, dataset, demo, docs or other."""


class Badge(_Model):
    """An image shown inline, such as a GitHub star badge."""

    alt: str = ""
    """The image's alt text."""
    image: str
    """The image URL."""
    url: str | None = None
    """Where the badge links to, when it is wrapped in a link."""


class Diagnostic(_Model):
    """Something the parser noticed in the input: a repair it made or a construct it could not
    read as intended. Lint turns these into findings."""

    code: str
    """A stable kebab-case name, such as ``mojibake`` or ``table-cell-count``."""
    severity: Severity = "warning"
    """How much it matters: error, warning or info."""
    message: str
    """What happened and what was expected, in one sentence."""
    line: int | None = None
    """1-based line in the input (after line endings were folded)."""
    column: int | None = None
    """1-based column in that line, when known."""


class Entry(_Model):
    """One item of the list: a paper, repository, dataset, link or plain text."""

    kind: EntryKind = "link"
    """paper, repo, dataset, link (anything else with a URL) or text (no link at all)."""
    title: str = ""
    """The entry's title as a reader sees it: no date prefix, tags, badges or author suffix."""
    url: str | None = None
    """The primary link: the title's link, else the paper link, else the first other link."""
    links: list[Link] = Field(default_factory=list)
    """Every link of the entry, in source order, each with its role."""
    badges: list[Badge] = Field(default_factory=list)
    """Inline images such as star badges (never the title or primary URL)."""
    date: str | None = None
    """The raw date text, e.g. ``2023/10`` from a ``[2023/10]`` prefix or a table Year cell."""
    year: int | None = None
    """Publication year."""
    month: int | None = None
    """Publication month (1-12)."""
    day: int | None = None
    """Publication day of month."""
    authors: list[str] = Field(default_factory=list)
    """Authors, as written (``Akbari``, ``Akbari et al.``)."""
    affiliations: list[str] = Field(default_factory=list)
    """Institutions named in the entry's note, in order (``from BAAI, ZJU, and PKU``)."""
    venue: str | None = None
    """Where it was published (``CVPR 2022``, ``NeurIPS 2021``, ``arxiv``)."""
    tags: list[str] = Field(default_factory=list)
    """Hashtags such as ``#PAPER`` (without the ``#``)."""
    status: Literal["preprint", "published"] | None = None
    """Publication status, set by ``enrich`` from the services: ``preprint`` (arXiv only) or
    ``published`` (in a journal or proceedings)."""
    abstract: str | None = None
    """The paper's abstract: a ``<details>`` block summarised ``Abstract`` under the entry, or
    what ``enrich --abstract`` took from the services."""
    arxiv_id: str | None = None
    """Bare arXiv identifier without version, e.g. ``2310.18689`` or ``hep-th/9901001``."""
    doi: str | None = None
    """Lower-case DOI without URL prefix."""
    repo: str | None = None
    """Code repository as ``owner/name`` (GitHub or GitLab)."""
    code_url: str | None = None
    """Link to the code."""
    project_url: str | None = None
    """Link to a project page, website, homepage or demo."""
    model: str | None = None
    """Model name, e.g. from a table's Model column or a ``CLIP:`` title prefix."""
    name: str | None = None
    """The short name given beside a full title (``RT-1`` in ``**RT-1**: "RT-1: Robotics
    Transformer…"``, ``CLIP`` in ``[CLIP] Learning Transferable…``, a table's Name cell
    beside its Paper cell)."""
    description: str | None = None
    """Free text describing the entry (after `` - `` or in a Description column)."""
    note: str | None = None
    """Parenthesised remarks after the title, e.g. ``from Stanford`` (without parentheses)."""
    extra: dict[str, str] = Field(default_factory=dict)
    """Labelled text the parser does not map to a field: table cells by header text, a
    ``<details>`` block by its summary (``Abstract``), a sub-heading's text under an entry
    heading (``Category``)."""
    children: list[Entry] = Field(default_factory=list)
    """Nested sub-items, themselves entries."""
    line: int = 0
    """1-based first source line of the entry."""
    end_line: int = 0
    """1-based last source line of the entry."""
    raw: str = ""
    """The entry's source text, as written."""
    sources: dict[str, str] = Field(default_factory=dict)
    """Where each metadata field came from (field → ``date-prefix``, ``heading``, ``table``,
    ``note``, ``url``, ``arxiv-id``, ``citation``, ...; ``api:arxiv``, ``api:s2``,
    ``api:crossref``, ``api:openalex`` for values ``enrich`` took from a service)."""
    paper_id: str | None = None
    """Identity of the paper: ``arxiv:<id>``, ``doi:<doi>`` or the normalised URL."""
    shape: str | None = Field(default=None, exclude_if=lambda value: value is None)
    """The citation shape of this entry's head in the terms of :attr:`Section.template` (each
    place and what it holds), when the citation pass read it; lint compares it with its
    section's template."""
    added: str | None = Field(default=None, exclude_if=lambda value: value is None)
    """When the entry came into the list: the ISO 8601 author date of the git commit that
    brought its first line (``--history``); left out of the output otherwise."""

    def walk(self) -> Iterator[Entry]:
        """This entry, then its children depth-first."""
        yield self
        for child in self.children:
            yield from child.walk()


class Section(_Model):
    """A heading (or a bold line used as one) and what stands under it."""

    title: str
    """Clean heading text: no back-to-top links, no trailing colon."""
    level: int
    """Heading level 1-6; a pseudo heading is one level below its parent."""
    anchor: str = ""
    """The GitHub slug of the heading (``#anchor`` target), with ``-1``, ``-2`` for repeats."""
    line: int = 0
    """1-based line of the heading."""
    pseudo: bool = False
    """True for a bold line or link-less category bullet used as a heading."""
    description: str = ""
    """Prose under the heading that is not an entry."""
    links: list[Link] = Field(default_factory=list)
    """Links found in the description and in HTML blocks of this section."""
    badges: list[Badge] = Field(default_factory=list)
    """Images found in the description and in HTML blocks of this section."""
    entries: list[Entry] = Field(default_factory=list)
    """Entries directly under this heading."""
    sections: list[Section] = Field(default_factory=list)
    """Sub-sections."""
    template: str | None = None
    """The citation shape most of this section's own entries follow, learnt from the list:
    each place of the shape and what it holds, e.g. ``bracket#0=venue text#0=title
    1.italic#0=authors`` (see docs/metadata.md). ``None`` without entries."""

    def walk(self) -> Iterator[tuple[list[str], Entry]]:
        """Yield ``(section path, entry)`` for every top-level entry of this section and below."""
        yield from _walk_section(self, [])


class Document(_Model):
    """A parsed awesome list."""

    title: str | None = None
    """The first H1, or front matter ``title``."""
    description: str = ""
    """Text before the first section."""
    source: str | None = None
    """Where the text came from (a path, or what the caller passed as ``source``)."""
    front_matter: dict[str, Any] = Field(default_factory=dict)
    """Front matter keys and values (YAML-style ``key: value`` lines)."""
    badges: list[Badge] = Field(default_factory=list)
    """Images before the first section (the awesome badge and friends)."""
    links: list[Link] = Field(default_factory=list)
    """Links in the description and HTML before the first section."""
    entries: list[Entry] = Field(default_factory=list)
    """Entries before any section."""
    sections: list[Section] = Field(default_factory=list)
    """Top-level sections."""
    template: str | None = None
    """The citation shape of the entries before any section (like :attr:`Section.template`)."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """What the parser repaired or could not place, with lines."""

    def walk(self) -> Iterator[tuple[list[str], Entry]]:
        """Yield ``(section path, entry)`` for every top-level entry, section by section: a
        section's own entries, then its sub-sections' (each group in source order)."""
        for entry in self.entries:
            yield [], entry
        for section in self.sections:
            yield from _walk_section(section, [])

    def walk_all(self) -> Iterator[tuple[list[str], Entry]]:
        """Like :meth:`walk`, with every entry's children following it depth-first (each with
        its top-level entry's section path)."""
        for path, top in self.walk():
            for entry in top.walk():
                yield path, entry

    def iter_sections(self) -> Iterator[tuple[list[str], Section]]:
        """Yield ``(path, section)`` for every section, depth-first, path including itself."""
        stack = [([s.title], s) for s in reversed(self.sections)]
        while stack:
            path, section = stack.pop()
            yield path, section
            stack.extend(([*path, s.title], s) for s in reversed(section.sections))

    def papers(self) -> Iterator[Paper]:
        """Each distinct paper once (by ``paper_id``), with every section path it appears in."""
        seen: dict[str, Paper] = {}
        for path, entry in self.walk():
            if entry.kind != "paper" or not entry.paper_id:
                continue
            paper = seen.get(entry.paper_id)
            if paper is None:
                seen[entry.paper_id] = Paper(entry=entry, sections=[path])
            elif path not in paper.sections:
                paper.sections.append(path)
        yield from seen.values()


class Paper(_Model):
    """A distinct paper and every place the list mentions it."""

    entry: Entry
    """The first entry that lists the paper."""
    sections: list[list[str]]
    """Section paths (titles from the top) of every entry for this paper."""


def _walk_section(section: Section, parent: list[str]) -> Iterator[tuple[list[str], Entry]]:
    path = [*parent, section.title]
    for entry in section.entries:
        yield path, entry
    for sub in section.sections:
        yield from _walk_section(sub, path)

"""Lint files: each read, configured and parsed once, every enabled rule over the same tree
and text (:mod:`.check`), with the certain fixes applied first when asked.

The parser is the expensive part (mistletoe, pydantic); rules only read what it built and
scan the text with linear regexes, so linting a list costs about as much as parsing it.
Files that cannot be read are reported per file, and the rest are still linted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .._paths import is_markdown_name, shown_path
from .check import lint_document, lint_source
from .config import LintConfig, find_config, load_config
from .finding import Finding, at_or_above

if TYPE_CHECKING:
    from awesome_parse.model import Document

    from .fix import FixOutcome

__all__ = ["FileResult", "expand_paths", "lint_document", "lint_files", "lint_paths", "lint_source"]

STDIN = "-"
_SKIP_DIRS = frozenset(("node_modules", "__pycache__", "venv", "site-packages"))


# --- files ------------------------------------------------------------------------------


@dataclass
class FileResult:
    """The outcome for one file: findings, or the one-line reason it could not be read.

    ``doc`` and ``text`` are the parse the findings refer to (PR mode reads which entry
    each finding is in); ``fixed`` is what ``fix=True`` did, ``fix_error`` why it could not.
    """

    path: str
    config: LintConfig
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    doc: Document | None = None
    text: str = ""
    fixed: FixOutcome | None = None
    fix_error: str | None = None

    @property
    def failed(self) -> bool:
        return any(at_or_above(f.severity, self.config.fail_on) for f in self.findings)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files as given; directories searched recursively for ``*.md``, ``*.markdown`` and
    ``README*``, skipping hidden directories (``.git``…), ``node_modules`` and virtual
    environments. Paths that do not exist are passed on (reading them reports the error)."""
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def _walk(root: str) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            d for d in subdirectories if not d.startswith(".") and d not in _SKIP_DIRS
        )
        for name in sorted(files):
            if is_markdown_name(name):
                yield os.path.join(directory, name)


def lint_files(
    paths: Iterable[str],
    *,
    config: LintConfig | None = None,
    adjust: Callable[[LintConfig], LintConfig] | None = None,
    stdin: bytes = b"",
    stdin_name: str | None = None,
    fix: bool = False,
) -> Iterator[FileResult]:
    """Lint each file; ``config`` applies to all, else each file's nearest pyproject.toml
    (or the working directory's) is used. ``adjust`` applies command-line overrides to
    each file's configuration. ``-`` lints ``stdin``, shown (and configured) as
    ``stdin_name`` when given. With ``fix``, each file's certain fixes are applied first
    (in memory: the caller writes ``result.fixed.after``) and the fixed text is linted."""
    from awesome_parse.parser import ParseError, parse_source, read_input

    from .fix import NotFixable, fix_bytes

    configs: dict[Path, LintConfig] = {}
    for path in expand_paths(paths):
        shown = (stdin_name or "<stdin>") if path == STDIN else shown_path(path)
        located = stdin_name if path == STDIN else path
        file_config = config or _discover(located, configs)
        if adjust is not None:
            file_config = adjust(file_config)
        fixed = fix_error = None
        try:
            data = stdin if path == STDIN else read_input(path)
            if fix:
                try:
                    fixed = fix_bytes(data, path=shown, config=file_config)
                    data = fixed.after
                except NotFixable as reason:
                    fix_error = str(reason)
            doc, text = parse_source(data, source=shown)
            findings = lint_document(doc, text, path=shown, config=file_config)
        except ParseError as error:
            yield FileResult(shown, file_config, error=str(error))
            continue
        except RecursionError:
            # The parser clamps deep nesting it can see at line starts; anything it cannot
            # clamp must still end as one line on stderr, not a traceback.
            yield FileResult(shown, file_config, error=f"{shown}: nested too deeply to parse")
            continue
        yield FileResult(shown, file_config, findings, None, doc, text, fixed, fix_error)


def _discover(path: str | None, cache: dict[Path, LintConfig]) -> LintConfig:
    try:
        start = Path(path).resolve().parent if path else Path.cwd()
        found = find_config(start) or find_config(Path.cwd())
    except OSError:  # a name too long to resolve or search: reading it reports the problem
        found = find_config(Path.cwd())
    if found is None:
        return LintConfig()
    if found not in cache:
        cache[found] = load_config(found)
    return cache[found]


def lint_paths(paths: Iterable[str], config: LintConfig | None = None) -> list[Finding]:
    """Lint files and directories; the first unreadable file raises its ``ParseError``."""
    from awesome_parse.parser import ParseError

    findings: list[Finding] = []
    for result in lint_files(paths, config=config):
        if result.error is not None:
            raise ParseError(result.error)
        findings.extend(result.findings)
    return findings

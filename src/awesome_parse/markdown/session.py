"""Text → mistletoe's block tokens, inside a session that owns mistletoe's global state.

mistletoe keeps its active token types in module globals, recognises raw HTML only inside a
renderer context that adds the HTML tokens, recurses once per nesting level and is quadratic
on a few inline shapes. :func:`markdown_session` and :func:`parse_document` own all of that:
the nesting is bounded, long definition runs are cut, and inline tokenising is guarded.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .mistletoe_import import import_mistletoe
from .simple_inline import read_simple

__all__ = ["markdown_session", "parse_document"]

_LOCK = threading.RLock()

# Deep nesting makes mistletoe recurse once per level (and then our walk does too). Lines are
# clamped to this many levels of block-quote markers or indentation when a parse overflows.
_MAX_NESTING = 24


@contextmanager
def markdown_session() -> Iterator[None]:
    """Serialise parses and activate the HTML tokens (mistletoe's token types are global).

    Inside the session mistletoe also runs with the guards of :func:`_guards`: linear-time inline
    tokenising and enough recursion headroom for the bounded nesting :func:`parse_document`
    lets through; and with the quicker block tokens of :mod:`awesome_parse.markdown.fast_blocks`.
    """
    import_mistletoe()
    from mistletoe import block_token
    from mistletoe.html_renderer import HtmlRenderer

    from .fast_blocks import faster

    with _LOCK, HtmlRenderer(), _guards():  # type: ignore[no-untyped-call]
        # mistletoe reads this module global at every call; the renderer's exit resets it.
        block_token._token_types = faster(block_token._token_types)
        yield


def parse_document(text: str) -> tuple[Any, bool]:
    """Parse inside a :func:`markdown_session`; returns ``(document, clamped)``.

    ``clamped`` is True when lists or block quotes nested deeper than :data:`_MAX_NESTING`
    levels on some line and the structure past the limit was flattened (the excess markers are
    read as text, so no character of the input is lost; ``raw`` keeps the original lines).
    mistletoe recurses once per level, and so do the reading stage, the model's ``walk`` and
    every JSON reader downstream; bounding the depth here protects all of them.
    """
    from mistletoe import Document  # type: ignore[attr-defined]

    # mistletoe splits a string with str.splitlines(), which also breaks at \x0b, \x0c, \x1c-\x1e,
    # \x85, U+2028 and U+2029; every later line number would then disagree with the text the
    # reading stage and lint index by "\n". Hand it the lines ourselves.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    clamped_lines, clamped = _clamp_nesting(lines)
    try:
        return _document(Document, clamped_lines), clamped
    except RecursionError:
        pass
    # The fence-aware clamp was fooled (a fence that mistletoe closes earlier than we think):
    # clamp every line, then, as a last resort, read every line flat.
    for limit in (_MAX_NESTING, 0):
        flat, _ = _clamp_nesting(lines, limit=limit, respect_fences=False, force=limit == 0)
        try:
            return _document(Document, flat), True
        except RecursionError:
            continue
    raise AssertionError("unreachable: a document without containers cannot recurse")


def _document(document: Any, lines: list[str]) -> Any:
    """``mistletoe.Document`` of ``lines``, with long runs of link reference definitions cut."""
    lines = [_calm_heading(line) if line[:4].lstrip(" ")[:1] == "#" else line for line in lines]
    split, inserted = _split_definition_runs(lines)
    tokens = document([line + "\n" for line in split])
    if inserted:
        _renumber(tokens, inserted)
    return tokens


# mistletoe's ATX heading pattern (``\s+?(.*?)(\n|\s+?#+\s*?$)``) rescans a run of blanks from
# each of its positions: a heading line with 20 000 blanks in a row took 45 s. A heading's
# blanks mean one space to every reader (titles are whitespace-folded), so long runs become one.
_BLANK_RUN = re.compile(r"[ \t]{64,}")


def _calm_heading(line: str) -> str:
    return _BLANK_RUN.sub(" ", line) if len(line) > 64 else line


# --- link reference definitions ---------------------------------------------------------------

# mistletoe reads a run of definition lines (no blank line between them) as one string and
# slices the rest of it for every definition: quadratic, minutes for 100 000 definitions. A
# blank line after every _DEFINITION_RUN complete one-line definitions changes nothing else
# (a definition cannot continue a paragraph, and each block still goes to the same table);
# the token line numbers are mapped back afterwards.
_DEFINITION_RUN = 256
_DEFINITION = re.compile(
    r" {0,3}\[(?:[^\[\]\\\n]|\\.){1,999}\]:[ \t]*+(?:<[^<>\n]*>|[^\s<]\S*+)"
    r"""(?:[ \t]++(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?+[ \t]*"""
)


def _split_definition_runs(lines: list[str]) -> tuple[list[str], list[int]]:
    """Lines with a blank line inserted into each long run of definitions, and the (0-based)
    positions of the inserted lines in the result."""
    if len(lines) <= _DEFINITION_RUN:
        return lines, []
    out: list[str] = []
    inserted: list[int] = []
    run = 0
    for line in lines:
        if line[:4].lstrip(" ").startswith("[") and _DEFINITION.fullmatch(line):
            if run == _DEFINITION_RUN:
                inserted.append(len(out))
                out.append("")
                run = 0
            run += 1
        else:
            run = 0
        out.append(line)
    return (out, inserted) if inserted else (lines, [])


def _renumber(document: Any, inserted: list[int]) -> None:
    """Map mistletoe's line numbers (of the lines with blanks inserted) back to the text's."""
    from bisect import bisect_left

    stack = [document]
    while stack:
        token = stack.pop()
        number = getattr(token, "line_number", None)
        if isinstance(number, int) and number > 0 and token is not document:
            token.line_number = number - bisect_left(inserted, number - 1)
        header = getattr(token, "header", None)
        if header is not None:
            stack.append(header)
        children = getattr(token, "children", None)
        if children and hasattr(children[0], "line_number"):
            stack.extend(children)


# --- nesting ----------------------------------------------------------------------------------

# A line's container prefix: indentation, block-quote markers and list markers. Possessive
# (``*+``): a plain ``*`` over a group keeps a backtracking record per repetition, ~140 bytes
# per character of a long prefix (7 MB for a 50 KB line of '>').
_PREFIX = re.compile(r"(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))*+")
_PREFIX_TOKEN = re.compile(r"[ \t]+|>|[-*+]|\d{1,9}[.)]")
# Cheap test for "some line may be deep": a long run of prefix characters at a line start.
_MAYBE_DEEP = re.compile(rf"^[ \t>*+\-.)\d]{{{_MAX_NESTING},}}", re.M)
_THEMATIC_BREAK = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}+[ \t]*$")  # possessive: as _PREFIX
_FENCE = re.compile(r"(`{3,}|~{3,})")


def _clamp_nesting(
    lines: list[str],
    *,
    limit: int = _MAX_NESTING,
    respect_fences: bool = True,
    force: bool = False,
) -> tuple[list[str], bool]:
    """Bound the container depth any line can reach; returns ``(lines, changed)``.

    A line's depth is at most its own markers plus the containers it continues by indentation
    (two columns or more each, and only marker lines open containers). So on lines that carry
    markers, markers past ``limit`` are escaped (``\\-``, ``\\>``, ``1\\.``: they become text)
    and indentation past ``2 * limit`` columns is dropped. Lines inside fenced code are left
    alone, and so are thematic breaks (``- - - -``). Linear in the size of the text.
    """
    if not force and not any(_MAYBE_DEEP.match(line) for line in lines if len(line) >= limit):
        return lines, False
    out = list(lines)
    changed = False
    fence: str | None = None
    for index, line in enumerate(lines):
        prefix_end = _PREFIX.match(line).end()  # type: ignore[union-attr]
        if respect_fences:
            rest = line[prefix_end:]
            if fence is not None:
                if rest.startswith(fence) and not rest.strip(fence[0]).strip():
                    fence = None
                continue
            if rest.startswith(("```", "~~~")):
                fence = _FENCE.match(rest).group()  # type: ignore[union-attr]
        if prefix_end <= limit and not force:
            continue
        if _THEMATIC_BREAK.fullmatch(line) and not force:
            continue
        clamped = _clamp_prefix(line[:prefix_end], limit)
        if clamped is not None:
            out[index] = clamped + line[prefix_end:]
            changed = True
    return out, changed


def _clamp_prefix(prefix: str, limit: int) -> str | None:
    """The prefix with markers past ``limit`` escaped and indentation past ``2 * limit`` columns
    dropped; None when it is within the limits."""
    tokens = _PREFIX_TOKEN.findall(prefix)
    markers = sum(1 for t in tokens if t[0] not in " \t")
    if markers == 0:
        return None  # indentation alone opens nothing (code or a continuation line)
    columns = sum(_width(t) for t in tokens if t[0] in " \t")
    if markers <= limit and columns <= 2 * limit:
        return None
    out: list[str] = []
    kept = 0
    width = 0
    for position, token in enumerate(tokens):
        if token[0] in " \t":
            room = max(0, 2 * limit - width)
            kept_space = token if _width(token) <= room else " " * room
            if not kept_space and out and out[-1][0] not in " \t":
                kept_space = " "  # the one space that makes the marker before it a marker
            out.append(kept_space)
            width += _width(kept_space)
        elif kept < limit:
            out.append(token)
            kept += 1
        else:
            # Past the limit: this marker and everything after it are the item's text.
            out.append(token[:-1] + "\\" + token[-1])
            out.extend(tokens[position + 1 :])
            break
    return "".join(out)


def _width(space: str) -> int:
    return len(space) + 3 * space.count("\t")


# --- guards: linear-time inline tokenising, recursion headroom ---------------------------------

# Inline content (a paragraph, a heading, a table cell) longer than this is tokenised in pieces
# cut between links; mistletoe's inline scanner is quadratic or worse on some inputs, and this
# bounds the cost per character. Links, images and autolinks are never cut.
_INLINE_CHUNK = 2048
# A well-formed inline link tail after ``]``: ``(dest "title")`` as CommonMark defines it, with
# generous but finite lengths. A ``](`` that is not followed by one cannot become a link.
_LINK_TAIL = re.compile(
    # Possessive quantifiers throughout: each part stops at a character the next part cannot
    # start with, so giving characters back could never help, and must not cost time.
    r"""\]\([ \t]*+\n?[ \t]*+"""
    r"""(?:<(?:[^<>\n\\]|\\.){0,8192}+>|(?:[^\s()\\]|\\.){0,8192}+"""
    r"""(?:\((?:[^\s()\\]|\\.){0,8192}+\)(?:[^\s()\\]|\\.){0,8192}+){0,8}+)"""
    r"""(?:[ \t]*+\n?[ \t]*+(?:"(?:[^"\\]|\\.){0,8192}+"|'(?:[^'\\]|\\.){0,8192}+'"""
    r"""|\((?:[^()\\]|\\.){0,8192}+\)))?+[ \t]*+\n?[ \t]*+\)""",
    re.S,
)
_CLOSE_OPEN = re.compile(r"\]\(")
_SPACE_RUN = re.compile(" {64,}")
_CUT_CHARS = re.compile(r"[\[\]()<>\n \t\\]")
# Frames a parse may use on top of the caller's stack (the nesting it can reach is bounded).
_HEADROOM = 1000


@contextmanager
def _guards() -> Iterator[None]:
    from mistletoe import core_tokens, span_token

    saved_pattern = getattr(core_tokens, "code_pattern", None)
    saved_inner = span_token.tokenize_inner
    saved_limit = sys.getrecursionlimit()
    needed = _stack_depth() + _HEADROOM
    if needed > saved_limit:
        sys.setrecursionlimit(needed)
    if isinstance(saved_pattern, re.Pattern):
        core_tokens.code_pattern = _ForwardSearch(saved_pattern)  # type: ignore[assignment]
    if not getattr(saved_inner, "guarded", False):
        span_token.tokenize_inner = _guarded_inner(saved_inner)
    try:
        yield
    finally:
        # A tokenise that failed half-way (mistletoe 1.5 raises IndexError on some emphasis
        # runs) leaves its code spans for the next one, in this or a later parse.
        _reset_code_matches()
        span_token.tokenize_inner = saved_inner
        if saved_pattern is not None:
            core_tokens.code_pattern = saved_pattern
        if needed > saved_limit and sys.getrecursionlimit() == needed:
            sys.setrecursionlimit(saved_limit)


def _stack_depth() -> int:
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


class _ForwardSearch:
    """mistletoe's code-span pattern, remembering its last search.

    mistletoe searches for the next code span again after every ``]`` from the current
    position; without backticks each search scans to the end, so ``[a]`` repeated n times costs
    n². A search from ``pos`` finds the first match starting at or after ``pos``, so while
    ``pos`` has not passed the remembered match (or the remembered search found none), the
    answer is the same. Results are identical to the pattern's own.
    """

    __slots__ = ("_last", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._last: tuple[str | None, int, re.Match[str] | None] = (None, 0, None)

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        if string.find("`", pos) == -1:
            # No code span without a backtick. Checked first: the pattern opens with a
            # lookbehind, so ``re`` would try it at every position to find that out.
            return None
        last_string, last_pos, last_match = self._last  # one tuple: safe across threads
        if (
            last_string is string
            and last_pos <= pos
            and (last_match is None or pos <= last_match.start())
        ):
            return last_match
        match = self.pattern.search(string, pos)
        self._last = (string, pos, match)
        return match

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)


def _guarded_inner(tokenize: Any) -> Any:
    def tokenize_inner(content: str) -> Any:
        if len(content) <= _INLINE_CHUNK:
            return _tokenize_piece(tokenize, content, whole=True)
        tokens: list[Any] = []
        for piece in _inline_chunks(content):
            tokens.extend(_tokenize_piece(tokenize, piece, whole=False))
        return tokens

    tokenize_inner.guarded = True  # type: ignore[attr-defined]
    return tokenize_inner


def _tokenize_piece(tokenize: Any, content: str, *, whole: bool) -> Any:
    """The span tokens of ``content`` (all of a block's inline content when ``whole``, else
    one cut of it, see :func:`_inline_chunks`); for simple content, its reading instead."""
    if content.count("](") > 4:
        content = _defuse_link_tails(content)
    if "    " * 16 in content:
        # mistletoe's line-break pattern rescans a run of spaces from each of its positions;
        # a long run means no more than two spaces (a hard break) to any reader.
        content = _SPACE_RUN.sub("  ", content)
    # Most of a list's inline content: read straight into pieces. Only a block's whole
    # content, so that a ReadInline is always its block's only child (what bold_line and
    # starts_with_bold_link rely on); cut content is rare (none in the shared lists).
    simple = read_simple(content) if whole and content else None
    if simple is not None:
        return [simple]
    try:
        return tokenize(content)
    except (RecursionError, IndexError):
        _reset_code_matches()
    # Emphasis nested hundreds deep (``*a *a *a … b***…``), or a run mistletoe 1.5 fails on
    # with an IndexError (``**)****。*``, fixed in 1.6): read the emphasis marks as text.
    try:
        return tokenize(_escape(content, "*_~"))
    except RecursionError:
        _reset_code_matches()
        return tokenize(_escape(content, "*_~[]()<>!`"))


def _reset_code_matches() -> None:
    """Drop code spans an interrupted tokenise left for the next one (a mistletoe global)."""
    from mistletoe import core_tokens

    if isinstance(getattr(core_tokens, "_code_matches", None), list):
        core_tokens._code_matches = []


def _escape(content: str, chars: str) -> str:
    return re.sub(f"([{re.escape(chars)}])", r"\\\1", content)


def _defuse_link_tails(content: str) -> str:
    """Escape each ``]`` before a ``(`` that cannot start a link destination and title.

    mistletoe scans from every ``](`` for the destination, and an unclosed one
    (``[a](`` repeated) makes it scan to the end of the paragraph each time. Such a ``]`` is
    text for CommonMark anyway; escaped, it stays text and costs nothing.
    """
    out: list[str] = []
    position = 0
    for match in _CLOSE_OPEN.finditer(content):
        bracket = match.start()
        backslashes = 0
        while bracket - backslashes > position and content[bracket - backslashes - 1] == "\\":
            backslashes += 1
        if backslashes % 2 or _LINK_TAIL.match(content, bracket):
            continue  # already escaped, or a real link tail
        out.append(content[position:bracket])
        out.append("\\")
        position = bracket
    if not out:
        return content
    out.append(content[position:])
    return "".join(out)


def _inline_chunks(content: str) -> Iterator[str]:
    """Cut long inline content into pieces of at most about :data:`_INLINE_CHUNK` characters.

    A cut goes, by preference, at a line end, else at a space, where no ``[``, ``(`` or ``<``
    is open (so no link, image or autolink is split); failing that at any line end or space in
    the second half of the window; failing that (a run without spaces) at the window's end.
    """
    size = _INLINE_CHUNK
    start = 0
    length = len(content)
    while length - start > size:
        end = start + size
        floor = start + size // 2
        best: list[int] = [-1, -1, -1, -1]  # newline at depth 0, space at 0, newline, space
        brackets = parens = angles = 0
        skip = -1
        for match in _CUT_CHARS.finditer(content, start, end):
            i = match.start()
            if i == skip:
                continue
            char = content[i]
            if char == "\\":
                skip = i + 1
            elif char == "[":
                brackets += 1
            elif char == "]":
                brackets = max(0, brackets - 1)
            elif char == "(":
                parens += 1
            elif char == ")":
                parens = max(0, parens - 1)
            elif char == "<":
                angles += 1
            elif char == ">":
                angles = max(0, angles - 1)
            elif i >= floor:
                free = brackets == parens == angles == 0
                kind = (0 if free else 2) + (0 if char == "\n" else 1)
                best[kind] = i + 1
        cut = next((c for c in best if c > start), end)
        if cut == end and content[end - 1] == "\\":
            cut -= 1
        yield content[start:cut]
        start = cut
    yield content[start:]

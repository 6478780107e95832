"""The ordered rule registry: every lint rule with its stable code, name and documentation.

One table is the single source for the engine (which checks run, in which order), the
configuration (codes and names a user may write), the SARIF rule list and docs/lint.md (a
test regenerates the docs' rule section from here). Codes never change meaning once
published; a retired rule keeps its code reserved.

Severity follows what a reader of the rendered page sees: ``error`` for a defect anyone
would call broken (a dead or invisible link, garbled text), ``warning`` for wrong or
misleading content (a duplicate, a link to the wrong paper), ``info`` for style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .context import Context
from .finding import Hit, Severity
from .rules import arxiv, entries, links, structure
from .rules.diagnostics import (
    from_diagnostics,
    repair_mojibake,
    repair_table_row,
    unclaimed_diagnostics,
)

__all__ = ["CLAIMED_DIAGNOSTICS", "RULES", "Rule", "lookup"]

Check = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A lint rule. ``bad`` and ``good`` are Markdown examples shown in the docs; the tests
    lint them (``literal=False`` marks examples that only describe bytes Markdown cannot
    show, such as invalid UTF-8, whose fixtures live in tests/fixtures/lint/)."""

    code: str
    name: str
    severity: Severity
    description: str
    """One line: what the rule reports."""
    rationale: str
    """Why it matters, and what it deliberately leaves alone."""
    bad: str
    good: str
    check: Check
    enabled: bool = True
    """False for rules that only run when selected."""
    literal: bool = True

    @property
    def anchor(self) -> str:
        """The rule's heading anchor in docs/lint.md."""
        return f"{self.code.lower()}-{self.name}"


_DIAGNOSTIC_CODES = {
    "table-cell-count": ("table-cell-count",),
    "table-column-shift": ("table-column-shift",),
    "broken-link-syntax": ("broken-link",),
    "mojibake": ("mojibake",),
    "invalid-encoding": ("invalid-utf8", "control-character"),
    "nesting-too-deep": ("nesting-too-deep",),
    "unplaced-citation": ("unplaced-citation",),
    "front-matter-without-keys": ("front-matter-without-keys",),
}
CLAIMED_DIAGNOSTICS = frozenset(code for codes in _DIAGNOSTIC_CODES.values() for code in codes)
"""Parser diagnostic codes that have a rule of their own."""


_REPAIRS = {"mojibake": repair_mojibake, "table-cell-count": repair_table_row}
"""Diagnostics whose fix is certain in the cases the repair accepts."""


def _diagnostic(name: str, hint: str) -> Check:
    return from_diagnostics(
        *_DIAGNOSTIC_CODES[name],
        hint=hint,
        skip_code=name == "mojibake",
        repair=_REPAIRS.get(name),
    )


RULES: tuple[Rule, ...] = (
    # --- AP1xx: links ---------------------------------------------------------------------
    Rule(
        "AP101",
        "empty-link",
        "error",
        "A link with no URL or no text, or a `[[Paper]]` label with no link after it.",
        "`[[Paper]]` not followed by `(url)` shows as plain text, `[](url)` and `[[](#x)]` "
        "show nothing to click. Double-bracketed words that are not link labels "
        "(`[[Some Note]]`, a wiki link) are left alone, as are reference links whose label "
        "is defined.",
        "- Bootstrapping LLMs for Radiology Reports [[Paper]] [[Code]](https://github.com/synlp/R2-LLM)\n",
        "- Bootstrapping LLMs for Radiology Reports [[Paper]](https://arxiv.org/abs/2310.17091) "
        "[[Code]](https://github.com/synlp/R2-LLM)\n",
        links.empty_link,
    ),
    Rule(
        "AP102",
        "broken-anchor",
        "error",
        "An in-page link whose `#fragment` matches no heading (nor HTML id) of the page.",
        "Anchors are computed the way GitHub does (lower case, punctuation dropped, spaces as "
        "hyphens, `-1`, `-2` for repeated headings) and compared case-insensitively after "
        "URL-decoding. `[NLP](#Huge Models for NLP)` is reported too: with spaces in the "
        "target it is not even a link, yet a reader expects one. `#` and `#top` are fine.",
        "## Contents\n- [Vision](#Vision Models)\n\n## Vision Models\n",
        "## Contents\n- [Vision](#vision-models)\n\n## Vision Models\n",
        links.broken_anchor,
    ),
    Rule(
        "AP103",
        "malformed-arxiv-url",
        "error",
        "An arXiv link that cannot resolve as written (no `/abs/`, or an impossible id).",
        "Checked offline against arXiv's identifier scheme: `YYMM.NNNN` from April 2007 to "
        "December 2014, `YYMM.NNNNN` since 2015, `archive/YYMMNNN` before 2007; only the "
        "`/abs/`, `/pdf/` and `/html/` paths and bare ids are judged.",
        "- [GPT-3: Language Models are Few-Shot Learners](https://arxiv.org/2005.14165)\n",
        "- [GPT-3: Language Models are Few-Shot Learners](https://arxiv.org/abs/2005.14165)\n",
        arxiv.malformed_arxiv_url,
    ),
    Rule(
        "AP104",
        "missing-space-before-link",
        "warning",
        "A word runs into a link label: `Lectures[[Paper]](…)`.",
        "The page shows `Lectures[Paper]` glued together. Only bracketed labels and label "
        "links (`[Paper]`, `[Code]`, …) are checked, and not after CJK text, which is "
        "written without spaces.",
        "- Learning Representations from Surgical Video Lectures[[Paper]](https://arxiv.org/abs/2307.15220)\n",
        "- Learning Representations from Surgical Video Lectures [[Paper]](https://arxiv.org/abs/2307.15220)\n",
        links.missing_space_before_link,
    ),
    Rule(
        "AP105",
        "link-text-whitespace",
        "info",
        "Link text that starts or ends with whitespace: `[ Vision-language …](…)`.",
        "The space becomes part of the underlined link and of the title tools extract.",
        "- [ Vision-language pre-training: Basics, recent advances, and future trends]"
        "(https://www.nowpublishers.com/article/Details/CGV-105)\n",
        "- [Vision-language pre-training: Basics, recent advances, and future trends]"
        "(https://www.nowpublishers.com/article/Details/CGV-105)\n",
        links.link_text_whitespace,
    ),
    Rule(
        "AP106",
        "inconsistent-link-labels",
        "info",
        "One list writes the same link label in different styles (`[[Paper]]`, `[[paper]]`, "
        "`[paper]`).",
        "Counted per section and per label word; the less common spellings are reported. A "
        "tie reports nothing.",
        "## Audio\n- wav2vec [[Paper]](https://arxiv.org/abs/1904.05862)\n"
        "- HuBERT [[Paper]](https://arxiv.org/abs/2106.07447)\n"
        "- Whisper [paper](https://arxiv.org/abs/2212.04356)\n",
        "## Audio\n- wav2vec [[Paper]](https://arxiv.org/abs/1904.05862)\n"
        "- HuBERT [[Paper]](https://arxiv.org/abs/2106.07447)\n"
        "- Whisper [[Paper]](https://arxiv.org/abs/2212.04356)\n",
        links.inconsistent_link_labels,
    ),
    Rule(
        "AP107",
        "http-link",
        "info",
        "A plain `http://` link.",
        "Most sites serve HTTPS; lint does not go online to check, it only reports. "
        "`localhost` links are ignored.",
        "- [Self-supervised Pretraining of Visual Features in the Wild](http://arxiv.org/abs/2103.01988)\n",
        "- [Self-supervised Pretraining of Visual Features in the Wild](https://arxiv.org/abs/2103.01988)\n",
        links.http_link,
    ),
    # --- AP2xx: entries -------------------------------------------------------------------
    Rule(
        "AP108",
        "broken-link-syntax",
        "warning",
        "Link syntax GitHub does not render as a link: `[paper] (url)`, `[x]([https://…)`, a "
        "URL glued to a word.",
        "The parser reads the link as a reader would and keeps it as the entry's link; the "
        "page shows the brackets and the URL as text.",
        "- Scaling Sign Language Translation [paper] (https://openreview.net/forum?id=M80WgiO2Lb)\n",
        "- Scaling Sign Language Translation [paper](https://openreview.net/forum?id=M80WgiO2Lb)\n",
        _diagnostic("broken-link-syntax", "remove the space, bracket or glued text"),
    ),
    Rule(
        "AP201",
        "duplicate-entry",
        "warning",
        "The same paper (same paper id or same title) twice in one section.",
        "Titles are compared with case and punctuation folded. A paper repeated under "
        "*different* sections is normal and is `repeated-across-sections` (off by default).",
        "## 2022\n- [A Unified Sequence Interface for Vision Tasks](https://arxiv.org/abs/2206.07669)\n"
        "- [Flamingo](https://arxiv.org/abs/2204.14198)\n"
        "- [A Unified Sequence Interface for Vision Tasks](https://proceedings.neurips.cc/paper_files/paper/2022/file/cb0f9020c00fc52a9f6c9dbfacc6ac58-Paper-Conference.pdf)\n",
        "## 2022\n- [A Unified Sequence Interface for Vision Tasks](https://arxiv.org/abs/2206.07669)\n"
        "- [Flamingo](https://arxiv.org/abs/2204.14198)\n",
        entries.duplicate_entry,
    ),
    Rule(
        "AP202",
        "url-reused",
        "warning",
        "One paper URL given for two different titles (a copy-paste mistake).",
        "Paper links (the primary link of a paper entry, and links labelled or hosted as "
        "papers) are compared by arXiv id or normalised URL; titles that plausibly name the "
        "same paper (one contains the other, or most words are shared) are not reported. "
        "The finding is on the second occurrence and names the first line.",
        "- ConVIRT: Contrastive learning of medical visual representations [[Paper]](https://arxiv.org/pdf/2303.11032.pdf)\n"
        "- DeID-GPT: Zero-shot Medical Text De-Identification by GPT-4 [[Paper]](https://arxiv.org/pdf/2303.11032.pdf)\n",
        "- ConVIRT: Contrastive learning of medical visual representations [[Paper]](https://arxiv.org/pdf/2010.00747.pdf)\n"
        "- DeID-GPT: Zero-shot Medical Text De-Identification by GPT-4 [[Paper]](https://arxiv.org/pdf/2303.11032.pdf)\n",
        entries.url_reused,
    ),
    Rule(
        "AP203",
        "year-mismatch",
        "warning",
        "A date prefix, year heading, table Year or `(Author 2021)` year that contradicts the "
        "year in the entry's arXiv id.",
        "A year the list author wrote is compared with the submission year encoded in the "
        "arXiv id: none may be more than a year before it; a date prefix (which dates the "
        "preprint) may be at most a year after it, a heading, table Year or `(Author 2021)` "
        "(often the publication year) at most two. Years taken from a venue are not "
        "compared: publication can lag the preprint by years.",
        "| Year | Model | Paper |\n|---|---|---|\n"
        "| 2012 | CoAtNet | [link](https://arxiv.org/pdf/2106.04803.pdf) |\n",
        "| Year | Model | Paper |\n|---|---|---|\n"
        "| 2021 | CoAtNet | [link](https://arxiv.org/pdf/2106.04803.pdf) |\n",
        entries.year_mismatch,
    ),
    Rule(
        "AP204",
        "badge-repo-mismatch",
        "warning",
        "A GitHub star badge about another repository than the entry's code link.",
        "The badge's repository (from its shields.io path) must be one the entry links to; "
        "an entry without repository links is compared with the link around the badge.",
        "- [SegGPT](https://arxiv.org/abs/2304.03284) [![Star](https://img.shields.io/github/stars/baaivision/Painter.svg)]"
        "(https://github.com/baaivision/Painter) [[Code]](https://github.com/baaivision/SegGPT)\n",
        "- [SegGPT](https://arxiv.org/abs/2304.03284) [![Star](https://img.shields.io/github/stars/baaivision/Painter.svg)]"
        "(https://github.com/baaivision/Painter)\n",
        entries.badge_repo_mismatch,
    ),
    Rule(
        "AP205",
        "entry-without-link",
        "info",
        "A list item with nothing to click.",
        "Sub-items are not checked (they are often notes), and a bullet of plain text that "
        "heads a list of links is read as a heading, not an entry.",
        "## Models\n- [Stable Diffusion](https://github.com/CompVis/stable-diffusion)\n"
        "- Midjourney\n",
        "## Models\n- [Stable Diffusion](https://github.com/CompVis/stable-diffusion)\n"
        "- [Midjourney](https://www.midjourney.com/home/)\n",
        entries.entry_without_link,
    ),
    Rule(
        "AP206",
        "unsorted-dates",
        "info",
        "An entry whose date prefix breaks the order the rest of its section follows.",
        "The section's dominant order (newest or oldest first) is detected; it must hold "
        "for three quarters of neighbouring dated entries, else the list is taken as "
        "unsorted by design and nothing is reported. The entries off the longest run in that "
        "order are named. Dates are compared at the precision all entries share.",
        "## Survey\n- [2023/10] [Paper A](https://arxiv.org/abs/2310.18689)\n"
        "- [2023/09] [Paper B](https://arxiv.org/abs/2309.10020)\n"
        "- [2023/03] [Paper E](https://arxiv.org/abs/2303.04226)\n"
        "- [2023/08] [Paper C](https://arxiv.org/abs/2308.02463)\n"
        "- [2023/07] [Paper D](https://arxiv.org/abs/2307.13721)\n",
        "## Survey\n- [2023/10] [Paper A](https://arxiv.org/abs/2310.18689)\n"
        "- [2023/09] [Paper B](https://arxiv.org/abs/2309.10020)\n"
        "- [2023/08] [Paper C](https://arxiv.org/abs/2308.02463)\n"
        "- [2023/07] [Paper D](https://arxiv.org/abs/2307.13721)\n"
        "- [2023/03] [Paper E](https://arxiv.org/abs/2303.04226)\n",
        structure.unsorted_dates,
    ),
    Rule(
        "AP207",
        "repeated-across-sections",
        "info",
        "The same paper listed under more than one section.",
        "Topic lists often list a paper under every topic it belongs to; select the rule to "
        "review such repeats.",
        "## Vision\n- [CLIP](https://arxiv.org/abs/2103.00020)\n\n## Language\n"
        "- [CLIP](https://arxiv.org/abs/2103.00020)\n",
        "## Vision\n- [CLIP](https://arxiv.org/abs/2103.00020)\n\n## Language\n"
        "- [GPT-3](https://arxiv.org/abs/2005.14165)\n",
        entries.repeated_across_sections,
        enabled=False,
    ),
    Rule(
        "AP208",
        "unsorted-entries",
        "info",
        "An entry out of place in a section sorted by title or by date.",
        "The order is detected, not configured: alphabetical by title, or oldest- or "
        "newest-first by a date shown in the entry (a table's Year, `(Author 2021)`), "
        "whichever leaves the fewest entries out of place. A section of at least eight "
        "entries counts as sorted when at most one entry in ten is out of place; those "
        "are named. Unsorted sections, and date prefixes (`unsorted-dates`), are left "
        "alone.",
        "## Libraries\n- [Altair](https://github.com/altair-viz/altair)\n"
        "- [Bokeh](https://github.com/bokeh/bokeh)\n"
        "- [Dash](https://github.com/plotly/dash)\n"
        "- [Plotly](https://github.com/plotly/plotly.py)\n"
        "- [ggplot](https://github.com/yhat/ggpy)\n"
        "- [Matplotlib](https://github.com/matplotlib/matplotlib)\n"
        "- [Seaborn](https://github.com/mwaskom/seaborn)\n"
        "- [VisPy](https://github.com/vispy/vispy)\n",
        "## Libraries\n- [Altair](https://github.com/altair-viz/altair)\n"
        "- [Bokeh](https://github.com/bokeh/bokeh)\n"
        "- [Dash](https://github.com/plotly/dash)\n"
        "- [ggplot](https://github.com/yhat/ggpy)\n"
        "- [Matplotlib](https://github.com/matplotlib/matplotlib)\n"
        "- [Plotly](https://github.com/plotly/plotly.py)\n"
        "- [Seaborn](https://github.com/mwaskom/seaborn)\n"
        "- [VisPy](https://github.com/vispy/vispy)\n",
        structure.unsorted_entries,
    ),
    Rule(
        "AP209",
        "inconsistent-entry-format",
        "info",
        "An entry that leaves out a part (authors, venue, year, a paper or code link) nearly "
        "every entry of its section gives, or writes its parts in another order.",
        "The format is learnt from the section itself: a part counts when at least four in "
        "five of its entries (six or more) show it, and an order when four in five follow the "
        "section's citation template. Off by default: lists that mix shapes on purpose would "
        "be noisy; select it to keep a paper list's entries uniform.",
        "## Papers\n"
        "- [A](https://arxiv.org/abs/2301.00001) *Ann Lee, Bo Xu* (CVPR 2023)\n"
        "- [B](https://arxiv.org/abs/2301.00002) *Ann Lee, Bo Xu* (CVPR 2023)\n"
        "- [C](https://arxiv.org/abs/2301.00003) *Ann Lee, Bo Xu* (ICCV 2023)\n"
        "- [D](https://arxiv.org/abs/2301.00004) *Ann Lee, Bo Xu* (ICCV 2023)\n"
        "- [E](https://arxiv.org/abs/2301.00005) *Ann Lee, Bo Xu* (ECCV 2022)\n"
        "- [F](https://arxiv.org/abs/2301.00006) *Ann Lee, Bo Xu*\n",
        "## Papers\n"
        "- [A](https://arxiv.org/abs/2301.00001) *Ann Lee, Bo Xu* (CVPR 2023)\n"
        "- [B](https://arxiv.org/abs/2301.00002) *Ann Lee, Bo Xu* (CVPR 2023)\n"
        "- [C](https://arxiv.org/abs/2301.00003) *Ann Lee, Bo Xu* (ICCV 2023)\n"
        "- [D](https://arxiv.org/abs/2301.00004) *Ann Lee, Bo Xu* (ICCV 2023)\n"
        "- [E](https://arxiv.org/abs/2301.00005) *Ann Lee, Bo Xu* (ECCV 2022)\n"
        "- [F](https://arxiv.org/abs/2301.00006) *Ann Lee, Bo Xu* (ECCV 2022)\n",
        structure.inconsistent_entry_format,
        enabled=False,
    ),
    # --- AP3xx: structure and tables ------------------------------------------------------
    Rule(
        "AP301",
        "heading-increment",
        "info",
        "A heading more than one level deeper than the heading before it.",
        "Bold lines and link-less bullets read as headings (pseudo sections) are ignored.",
        "# Awesome Models\n\n### Vision\n- [ViT](https://arxiv.org/abs/2010.11929)\n",
        "# Awesome Models\n\n## Vision\n- [ViT](https://arxiv.org/abs/2010.11929)\n",
        structure.heading_increment,
    ),
    Rule(
        "AP302",
        "table-cell-count",
        "warning",
        "A table row with more cells than the header.",
        "GitHub drops cells past the header's count; the message says where the extra text "
        "went. A short row is not reported: GitHub pads it with empty cells, and so does the "
        "parser.",
        "| Year | Model | Paper |\n|---|---|---|\n"
        "| 2022 | BLOOM | [link](https://arxiv.org/pdf/2211.05100.pdf) | |\n",
        "| Year | Model | Paper |\n|---|---|---|\n"
        "| 2022 | BLOOM | [link](https://arxiv.org/pdf/2211.05100.pdf) |\n",
        _diagnostic("table-cell-count", "make the row's cells match the header"),
    ),
    Rule(
        "AP303",
        "table-column-shift",
        "warning",
        "A link in a Year, Venue, Model or Authors column: the row's cells are shifted.",
        "Usually a missing cell before the link; the link is kept as the entry's link.",
        "| Year | Title | Venue | Paper |\n|---|---|---|---|\n"
        "| 2022 | InstructGPT | [link](https://arxiv.org/pdf/2203.02155.pdf) | - |\n",
        "| Year | Title | Venue | Paper |\n|---|---|---|---|\n"
        "| 2022 | InstructGPT | arxiv | [link](https://arxiv.org/pdf/2203.02155.pdf) |\n",
        _diagnostic("table-column-shift", "add the missing cell before the link"),
    ),
    # --- AP4xx: text and parsing ----------------------------------------------------------
    Rule(
        "AP401",
        "mojibake",
        "error",
        "Garbled characters from UTF-8 read with the wrong codec (`GÃ¶ttingen`).",
        "Reported once per line, or once for a whole document saved through a wrong codec. "
        "The parser repairs it when certain; the file itself still needs fixing.",
        "- [Image Segmentation Using Text and Image Prompts](https://arxiv.org/pdf/2112.10003.pdf) "
        "(CVPR, from University of GÃ¶ttingen)\n",
        "- [Image Segmentation Using Text and Image Prompts](https://arxiv.org/pdf/2112.10003.pdf) "
        "(CVPR, from University of Göttingen)\n",
        _diagnostic("mojibake", "re-save the file as UTF-8 with the repaired text"),
    ),
    Rule(
        "AP402",
        "invalid-encoding",
        "error",
        "Bytes that are not UTF-8, or NUL characters, in the file.",
        "Such bytes show as `�` on GitHub.",
        "- Caf\\xe9 Models  (the byte 0xE9 from a Latin-1 editor in a UTF-8 file)\n",
        "- Café Models\n",
        _diagnostic("invalid-encoding", "re-save the file as UTF-8"),
        literal=False,
    ),
    Rule(
        "AP403",
        "nesting-too-deep",
        "warning",
        "Lists or block quotes nested deeper than the parser follows.",
        "Past the limit the text is kept but read as flat, so entries may be misplaced.",
        "- level 1\n  - level 2\n    - … (more than a hundred levels)\n",
        "- level 1\n  - level 2\n",
        _diagnostic("nesting-too-deep", "flatten the list"),
        literal=False,
    ),
    Rule(
        "AP404",
        "unplaced-citation",
        "info",
        "A BibTeX block that follows no entry, so it cannot be attached to one.",
        "Citation blocks are read as the metadata of the entry just above them.",
        "# Papers\n\n"
        "```bibtex\n@article{radford2021clip, title={Learning Transferable Visual Models}}\n```\n",
        "# Papers\n\n- [CLIP](https://arxiv.org/abs/2103.00020)\n\n"
        "```bibtex\n@article{radford2021clip, title={Learning Transferable Visual Models}}\n```\n",
        _diagnostic("unplaced-citation", "move the block under the entry it cites"),
    ),
    Rule(
        "AP405",
        "front-matter-without-keys",
        "info",
        "A file that opens with a `---` block holding no `key: value` line.",
        "Such a block is read as Markdown, not front matter, so nothing in it is lost; but a "
        "reader may have meant front matter (a typo in a key) or a plain rule.",
        "---\n\n- [CLIP](https://arxiv.org/abs/2103.00020)\n\n---\n",
        "---\ntitle: My list\n---\n\n- [CLIP](https://arxiv.org/abs/2103.00020)\n",
        _diagnostic("front-matter-without-keys", "add a key: value line, or start with a heading"),
    ),
    Rule(
        "AP499",
        "parser-diagnostic",
        "warning",
        "Any other problem the parser reported (a diagnostic no rule above claims).",
        "A safety net: diagnostics added to the parser later are reported under this rule "
        "until they get a rule of their own.",
        "(any input for which the parser reports a diagnostic with a new code)\n",
        "- [CLIP](https://arxiv.org/abs/2103.00020)\n",
        unclaimed_diagnostics(CLAIMED_DIAGNOSTICS),
        literal=False,
    ),
)


def _index() -> dict[str, Rule]:
    table: dict[str, Rule] = {}
    for rule in RULES:
        table[rule.code.casefold()] = rule
        table[rule.name.casefold()] = rule
    return table


_BY_KEY = _index()


def lookup(key: str) -> Rule | None:
    """The rule a code (``AP101``) or name (``empty-link``) refers to, any case."""
    return _BY_KEY.get(key.strip().casefold())

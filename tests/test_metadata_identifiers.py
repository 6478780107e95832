"""Table tests for identifier extraction: arXiv ids, DOIs, repositories, URLs, paper hosts."""

from __future__ import annotations

import pytest

from awesome_parse.metadata.identifiers import (
    arxiv_id_from_text,
    arxiv_id_from_url,
    doi_from_text,
    doi_from_url,
    is_paper_url,
    normalize_arxiv_id,
    normalize_doi,
    normalize_url,
    repo_from_badge,
    repo_from_url,
    split_url,
)

ARXIV_URLS = [
    ("abs", "https://arxiv.org/abs/2310.18689", "2310.18689"),
    ("abs-version", "https://arxiv.org/abs/2310.18689v2", "2310.18689"),
    ("pdf", "https://arxiv.org/pdf/2310.18689", "2310.18689"),
    ("pdf-ext", "http://arxiv.org/pdf/2310.18689v3.pdf", "2310.18689"),
    ("html", "https://arxiv.org/html/2310.18689v1/#S3", "2310.18689"),
    ("www", "https://www.arxiv.org/abs/2310.18689", "2310.18689"),
    ("browse", "https://browse.arxiv.org/pdf/2310.18689v1", "2310.18689"),
    ("export", "https://export.arxiv.org/abs/2310.18689", "2310.18689"),
    ("four-digit", "https://arxiv.org/abs/1412.6980", "1412.6980"),
    ("malformed-bare", "https://arxiv.org/2005.14165", "2005.14165"),
    ("no-scheme", "arxiv.org/abs/2005.14165", "2005.14165"),
    ("prefix", "https://arxiv.org/abs/arXiv:2005.14165", "2005.14165"),
    ("query", "https://arxiv.org/abs/2005.14165?context=cs", "2005.14165"),
    ("old-style", "https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("old-style-version", "https://export.arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
    ("old-subject-class", "https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
    ("old-pdf", "https://arxiv.org/pdf/cs/0112017v1.pdf", "cs/0112017"),
    ("doi", "https://doi.org/10.48550/arXiv.2310.18689", "2310.18689"),
    ("dx-doi", "https://dx.doi.org/10.48550/arXiv.2310.18689", "2310.18689"),
    ("huggingface", "https://huggingface.co/papers/2310.18689", "2310.18689"),
    ("alphaxiv", "https://www.alphaxiv.org/abs/2310.18689", "2310.18689"),
    ("list", "https://arxiv.org/list/cs.CV/recent", None),
    ("author", "https://arxiv.org/a/smith_j_1", None),
    ("bad-month", "https://arxiv.org/abs/2313.18689", None),
    ("too-early", "https://arxiv.org/abs/0612.1234", None),
    ("six-digits", "https://arxiv.org/abs/2310.186891", None),
    ("other-host", "https://example.org/abs/2310.18689", None),
    ("other-doi", "https://doi.org/10.1145/3292500.3330701", None),
    ("hf-model", "https://huggingface.co/2310.18689", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(
    ("url", "expected"), [c[1:] for c in ARXIV_URLS], ids=[c[0] for c in ARXIV_URLS]
)
def test_arxiv_id_from_url(url: str, expected: str | None) -> None:
    assert arxiv_id_from_url(url) == expected


ARXIV_IDS = [
    ("bare", "2310.18689", "2310.18689"),
    ("version", "2310.18689v12", "2310.18689"),
    ("prefix", "arXiv:2310.18689", "2310.18689"),
    ("prefix-lower-space", "arxiv: 2310.18689", "2310.18689"),
    ("pdf", "2310.18689.pdf", "2310.18689"),
    ("spaces", "  2310.18689  ", "2310.18689"),
    ("old", "hep-th/9901001", "hep-th/9901001"),
    ("old-class", "math.GT/0309136v1", "math.GT/0309136"),
    ("old-1991", "hep-th/9108001", "hep-th/9108001"),
    ("url-is-not-id", "https://arxiv.org/abs/2310.18689", None),
    ("words", "see 2310.18689", None),
    ("bad-month", "2300.12345", None),
    ("old-bad-year", "hep-th/8901001", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in ARXIV_IDS], ids=[c[0] for c in ARXIV_IDS]
)
def test_normalize_arxiv_id(text: str, expected: str | None) -> None:
    assert normalize_arxiv_id(text) == expected


ARXIV_TEXT = [
    ("colon", "Preprint, arXiv:2310.18689v2", "2310.18689"),
    ("space", "arXiv 2310.18689", "2310.18689"),
    ("doi", "doi: 10.48550/arXiv.2310.18689", "2310.18689"),
    ("number-only", "2310.18689", None),
    ("year-only", "arXiv 2023", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in ARXIV_TEXT], ids=[c[0] for c in ARXIV_TEXT]
)
def test_arxiv_id_from_text(text: str, expected: str | None) -> None:
    assert arxiv_id_from_text(text) == expected


DOI_URLS = [
    ("doi-org", "https://doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("dx-doi", "http://dx.doi.org/10.1038/nature14539", "10.1038/nature14539"),
    ("lower-cased", "https://doi.org/10.1109/CVPR.2016.90", "10.1109/cvpr.2016.90"),
    ("encoded", "https://doi.org/10.1002%2Fmp.15419", "10.1002/mp.15419"),
    ("acm", "https://dl.acm.org/doi/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("acm-pdf", "https://dl.acm.org/doi/pdf/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("acm-abs", "https://dl.acm.org/doi/abs/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("acm-full", "https://dl.acm.org/doi/full/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("rsna-epdf", "https://pubs.rsna.org/doi/epdf/10.1148/ryai.210258", "10.1148/ryai.210258"),
    (
        "acs-abs",
        "https://pubs.acs.org/doi/abs/10.1021/acs.jcim.0c00001",
        "10.1021/acs.jcim.0c00001",
    ),
    ("wiley-full", "https://onlinelibrary.wiley.com/doi/full/10.1002/mp.15419", "10.1002/mp.15419"),
    ("wiley-epdf", "https://onlinelibrary.wiley.com/doi/epdf/10.1002/mp.15419", "10.1002/mp.15419"),
    (
        "wiley-old-abstract",
        "https://onlinelibrary.wiley.com/doi/10.1002/adma.202100001/abstract",
        "10.1002/adma.202100001",
    ),
    (
        "springer-article",
        "https://link.springer.com/article/10.1007/s11263-021-01453-z",
        "10.1007/s11263-021-01453-z",
    ),
    (
        "springer-chapter",
        "https://link.springer.com/chapter/10.1007/978-3-030-58452-8_1",
        "10.1007/978-3-030-58452-8_1",
    ),
    (
        "springer-pdf",
        "https://link.springer.com/content/pdf/10.1007/978-3-030-58452-8_1.pdf",
        "10.1007/978-3-030-58452-8_1",
    ),
    (
        "science-query",
        "https://www.science.org/doi/full/10.1126/science.abj8754?casa_token=abc",
        "10.1126/science.abj8754",
    ),
    (
        "nature",
        "https://www.nature.com/articles/s41586-023-05881-4",
        "10.1038/s41586-023-05881-4",
    ),
    ("nature-old", "https://www.nature.com/articles/nature14539", "10.1038/nature14539"),
    (
        "biorxiv",
        "https://www.biorxiv.org/content/10.1101/2022.08.04.502811v3.abstract",
        "10.1101/2022.08.04.502811",
    ),
    (
        "biorxiv-full-pdf",
        "https://www.biorxiv.org/content/10.1101/2022.08.04.502811v1.full.pdf",
        "10.1101/2022.08.04.502811",
    ),
    (
        "medrxiv",
        "https://www.medrxiv.org/content/10.1101/2020.03.30.20047456v1",
        "10.1101/2020.03.30.20047456",
    ),
    ("query-doi", "https://example.org/show?doi=10.1234%2Fabc.5", "10.1234/abc.5"),
    ("arxiv-doi", "https://doi.org/10.48550/arXiv.2310.18689", None),
    ("arxiv", "https://arxiv.org/abs/2310.18689", None),
    ("github", "https://github.com/o/r/blob/main/10.1234/x", None),
    ("nature-listing", "https://www.nature.com/nature", None),
    ("ieee", "https://ieeexplore.ieee.org/document/9156567", None),
    ("citeseer-fake", "https://citeseerx.ist.psu.edu/viewdoc/summary?doi=10.1.1.1.1", None),
    ("not-url", "hello", None),
]


@pytest.mark.parametrize(
    ("url", "expected"), [c[1:] for c in DOI_URLS], ids=[c[0] for c in DOI_URLS]
)
def test_doi_from_url(url: str, expected: str | None) -> None:
    assert doi_from_url(url) == expected


DOIS = [
    ("bare", "10.1145/3292500.3330701", "10.1145/3292500.3330701"),
    ("upper", "10.1109/CVPR.2016.90", "10.1109/cvpr.2016.90"),
    ("doi-prefix", "doi:10.1038/nature14539", "10.1038/nature14539"),
    ("url", "https://doi.org/10.1038/nature14539", "10.1038/nature14539"),
    ("trailing-dot", "10.1038/nature14539.", "10.1038/nature14539"),
    ("trailing-paren", "10.1038/nature14539).", "10.1038/nature14539"),
    ("balanced-paren", "10.1016/S0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5"),
    ("no-prefix-number", "11.1038/nature14539", None),
    ("space-inside", "10.1038/nat ure", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in DOIS], ids=[c[0] for c in DOIS])
def test_normalize_doi(text: str, expected: str | None) -> None:
    assert normalize_doi(text) == expected


DOI_TEXT = [
    ("prose", "See doi:10.1038/nature14539.", "10.1038/nature14539"),
    ("arxiv-doi-skipped", "10.48550/arXiv.2310.18689 and 10.1/x", None),
    ("none", "no identifiers here", None),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in DOI_TEXT], ids=[c[0] for c in DOI_TEXT]
)
def test_doi_from_text(text: str, expected: str | None) -> None:
    assert doi_from_text(text) == expected


REPOS = [
    ("plain", "https://github.com/facebookresearch/llama", "facebookresearch/llama"),
    ("case-kept", "https://github.com/CompVis/Stable-Diffusion", "CompVis/Stable-Diffusion"),
    ("trailing-slash", "https://github.com/o/r/", "o/r"),
    ("dot-git", "https://github.com/o/r.git", "o/r"),
    ("tree", "https://github.com/o/r/tree/main/x", "o/r"),
    ("blob", "https://github.com/o/r/blob/main/README.md#usage", "o/r"),
    ("www", "http://www.github.com/o/r", "o/r"),
    ("no-scheme", "github.com/o/r", "o/r"),
    ("dots-in-name", "https://github.com/o/nerf.js", "o/nerf.js"),
    ("gitlab", "https://gitlab.com/group/project", "group/project"),
    ("gitlab-subgroup", "https://gitlab.com/g/sub/p/-/tree/main", "g/sub/p"),
    ("topics", "https://github.com/topics/llm", None),
    ("orgs", "https://github.com/orgs/huggingface/repositories", None),
    ("sponsors", "https://github.com/sponsors/someone", None),
    ("features", "https://github.com/features/copilot", None),
    ("user-only", "https://github.com/torvalds", None),
    ("user-tab", "https://github.com/torvalds?tab=repositories", None),
    ("gist", "https://gist.github.com/o/0123abcd", None),
    ("pages", "https://owner.github.io/repo", None),
    ("gitlab-explore", "https://gitlab.com/explore/projects", None),
    ("other-host", "https://bitbucket.org/o/r", None),
    ("relative", "docs/README.md", None),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in REPOS], ids=[c[0] for c in REPOS])
def test_repo_from_url(url: str, expected: str | None) -> None:
    assert repo_from_url(url) == expected


BADGES = [
    (
        "stars-svg",
        "https://img.shields.io/github/stars/OWNER/REPO.svg?style=social",
        None,
        "OWNER/REPO",
    ),
    ("stars", "https://img.shields.io/github/stars/o/my.repo?style=social", None, "o/my.repo"),
    ("forks", "https://img.shields.io/github/forks/o/r", None, "o/r"),
    ("badgen", "https://badgen.net/github/stars/o/r", None, "o/r"),
    ("link-only", "https://img.shields.io/badge/arXiv-2310-red", "https://github.com/o/r", "o/r"),
    ("arxiv-badge", "https://img.shields.io/badge/arXiv-2310.18689-b31b1b.svg", None, None),
    ("link-not-repo", "https://img.shields.io/badge/x-y-z", "https://github.com/topics/x", None),
]


@pytest.mark.parametrize(
    ("image", "url", "expected"), [c[1:] for c in BADGES], ids=[c[0] for c in BADGES]
)
def test_repo_from_badge(image: str, url: str | None, expected: str | None) -> None:
    assert repo_from_badge(image, url) == expected


URLS = [
    ("lower-host", "HTTPS://WWW.Example.COM/Path", "https://example.com/Path"),
    ("http-to-https", "http://example.com/a", "https://example.com/a"),
    ("fragment", "https://example.com/a#section", "https://example.com/a"),
    ("trailing-slash", "https://example.com/a/", "https://example.com/a"),
    ("root", "https://example.com/", "https://example.com"),
    ("utm", "https://example.com/a?utm_source=x&id=3&UTM_medium=y", "https://example.com/a?id=3"),
    ("only-utm", "https://example.com/a?utm_source=x", "https://example.com/a"),
    ("query-kept", "https://openreview.net/forum?id=abc", "https://openreview.net/forum?id=abc"),
    ("whitespace", "  https://example.com/a  ", "https://example.com/a"),
    ("relative", "docs/a/", "docs/a"),
    ("anchor", "#section", ""),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in URLS], ids=[c[0] for c in URLS])
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


PAPER_URLS = [
    ("arxiv", "https://arxiv.org/abs/2310.18689", True),
    ("openreview", "https://openreview.net/forum?id=abc", True),
    ("openreview-pdf", "https://openreview.net/pdf?id=abc", True),
    ("acl", "https://aclanthology.org/2020.acl-main.740", True),
    ("thecvf", "https://openaccess.thecvf.com/content/CVPR2022/html/x.html", True),
    ("neurips", "https://proceedings.neurips.cc/paper/2021/hash/x-Abstract.html", True),
    ("pmlr", "http://proceedings.mlr.press/v139/x21a.html", True),
    ("ieee", "https://ieeexplore.ieee.org/document/9156567", True),
    ("acm", "https://dl.acm.org/doi/10.1145/3292500.3330701", True),
    ("nature", "https://www.nature.com/articles/s41586-023-05881-4", True),
    ("sciencedirect", "https://www.sciencedirect.com/science/article/pii/S1361841521000001", True),
    ("semanticscholar", "https://www.semanticscholar.org/paper/abc", True),
    ("pwc", "https://paperswithcode.com/paper/attention-is-all-you-need", True),
    ("pubmed", "https://pubmed.ncbi.nlm.nih.gov/12345678/", True),
    ("pmc", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/", True),
    ("aaai", "https://ojs.aaai.org/index.php/AAAI/article/view/16000", True),
    ("ijcai", "https://www.ijcai.org/proceedings/2021/0123.pdf", True),
    ("any-pdf", "https://example.com/files/paper.PDF", True),
    ("pubs", "https://pubs.rsna.org/doi/10.1148/ryai.210258", True),
    ("arxiv-list", "https://arxiv.org/list/cs.CV/recent", False),
    ("openreview-group", "https://openreview.net/group?id=ICLR.cc/2023", False),
    ("github", "https://github.com/o/r", False),
    ("blog", "https://ai.meta.com/blog/llama", False),
    ("relative", "#top", False),
]


@pytest.mark.parametrize(
    ("url", "expected"), [c[1:] for c in PAPER_URLS], ids=[c[0] for c in PAPER_URLS]
)
def test_is_paper_url(url: str, expected: bool) -> None:
    assert is_paper_url(url) is expected


def test_split_url_parts() -> None:
    parts = split_url("https://user@WWW.Example.com:8080/A/b?x=1#f")
    assert parts is not None
    assert (parts.host, parts.path, parts.query) == ("example.com", "/A/b", "x=1")
    assert split_url("mailto-less text") is None

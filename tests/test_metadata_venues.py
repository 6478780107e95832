"""Table tests for venues: remarks, proceedings URLs, full BibTeX names, years."""

from __future__ import annotations

import pytest

from awesome_parse.metadata.venues import (
    PMLR_VOLUMES,
    canonical_venue,
    pick_venue,
    venue_from_note,
    venue_from_url,
    venue_kind,
    venues_in_text,
    year_from_venue,
)

NOTES = [
    ("cvpr-from", "CVPR, from Tsinghua and BNRist", "CVPR"),
    ("neurips-apostrophe", "NeurIPS'22, from UW, Meta, Microsoft, and UCLA", "NeurIPS 2022"),
    ("curly-apostrophe", "NeurIPS’22", "NeurIPS 2022"),
    ("nips-renamed", "NIPS 2017", "NeurIPS 2017"),
    ("iclr", "The first Vision Transformer; ICLR, from Google", "ICLR"),
    ("eccv", "ECCV, from UC Berkeley and Meta", "ECCV"),
    ("iccv-award", "from Cornell, ICCV 2023 best student paper", "ICCV 2023"),
    ("acl-year", "ACL 2022", "ACL 2022"),
    ("emnlp", "EMNLP, from UNC-Chapel Hill", "EMNLP"),
    ("naacl-dash-yy", "NAACL-25", "NAACL 2025"),
    ("icml-sentence", "ICML 2022. from Alibaba.", "ICML 2022"),
    ("glued-year", "CVPR2022", "CVPR 2022"),
    ("aaai", "AAAI'23", "AAAI 2023"),
    ("ijcai", "IJCAI 2021", "IJCAI 2021"),
    ("kdd", "KDD 2020", "KDD 2020"),
    ("www", "WWW 2023", "WWW 2023"),
    ("sigir", "SIGIR", "SIGIR"),
    ("miccai", "MICCAI 2023", "MICCAI 2023"),
    ("tpami", "TPAMI 2023", "TPAMI 2023"),
    ("jmlr", "JMLR'22", "JMLR 2022"),
    ("tmlr", "TMLR'23", "TMLR 2023"),
    ("pmlr", "PMLR, from Google", "PMLR"),
    ("nature-start", "Nature, from Stanford", "Nature"),
    ("nature-in", "published in Nature", "Nature"),
    (
        "nature-comm-singular",
        "Nature Communication, from Renmin University",
        "Nature Communications",
    ),
    ("science-paren-start", "Science", "Science"),
    ("findings-prefix", "Findings of EMNLP 2022", "Findings of EMNLP 2022"),
    ("findings-suffix", "ACL'23 Findings", "Findings of ACL 2023"),
    ("workshop", "NeurIPS 2024 workshop", "NeurIPS 2024 Workshop"),
    ("cvprw", "CVPRW 2022", "CVPR 2022 Workshop"),
    ("year-preferred", "ICLR; CVPR 2022", "CVPR 2022"),
    ("real-over-arxiv", "arXiv 2023; AAAI", "AAAI"),
    ("arxiv-year", "arXiv 2023", "arXiv 2023"),
    ("nature-of", "explores the nature of attention", None),
    ("nature-of-capital", "The Nature of Code", None),
    ("computer-science", "from the Department of Computer Science", None),
    ("science-and", "University of Science and Technology of China", None),
    ("cell-reports", "Cell Reports Medicine", None),
    ("rss-feed", "RSS feed of new papers", None),
    ("lower-case", "accepted at cvpr", None),
    ("inside-word", "ICMLA 2020", None),
    ("inside-url", "see thecvf.com/content/CVPR2022", None),
    ("arxiv-id", "arXiv:2310.18689", None),
    ("arxiv-number", "arXiv 2310.18689", None),
    ("empty", "", None),
]


@pytest.mark.parametrize(("note", "expected"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_venue_from_note(note: str, expected: str | None) -> None:
    assert venue_from_note(note) == expected


def test_venues_in_text_keeps_order_and_dedupes() -> None:
    assert venues_in_text("ACL 2022; ICLR 2022; ICLR 2022") == ["ACL 2022", "ICLR 2022"]


URLS = [
    ("cvf-new", "https://openaccess.thecvf.com/content/CVPR2022/html/x.html", "CVPR 2022"),
    ("cvf-iccv", "https://openaccess.thecvf.com/content/ICCV2021/papers/x.pdf", "ICCV 2021"),
    ("cvf-wacv", "https://openaccess.thecvf.com/content/WACV2023/html/x.html", "WACV 2023"),
    ("cvf-old-lower", "https://openaccess.thecvf.com/content_cvpr_2017/papers/x.pdf", "CVPR 2017"),
    ("cvf-old-iccv", "http://openaccess.thecvf.com/content_ICCV_2017/papers/x.pdf", "ICCV 2017"),
    ("cvf-old-html", "https://openaccess.thecvf.com/content_CVPR_2020/html/x.html", "CVPR 2020"),
    ("cvf-workshop", "https://openaccess.thecvf.com/content/ICCV2021W/ABC/x", "ICCV 2021 Workshop"),
    (
        "cvf-old-workshops",
        "https://openaccess.thecvf.com/content_cvpr_2018_workshops/papers/x.pdf",
        "CVPR 2018 Workshop",
    ),
    ("neurips-paper", "https://proceedings.neurips.cc/paper/2021/hash/x.html", "NeurIPS 2021"),
    (
        "neurips-files",
        "https://proceedings.neurips.cc/paper_files/paper/2022/file/x.pdf",
        "NeurIPS 2022",
    ),
    ("nips-old-host", "https://papers.nips.cc/paper/2020/file/x.pdf", "NeurIPS 2020"),
    ("nips-no-year", "https://papers.nips.cc/paper/5423-generative-adversarial-nets", "NeurIPS"),
    ("neurips-virtual", "https://neurips.cc/virtual/2022/poster/1234", "NeurIPS 2022"),
    ("iclr-virtual", "https://iclr.cc/virtual/2021/poster/123", "ICLR 2021"),
    ("pmlr-icml-2021", "http://proceedings.mlr.press/v139/x21a.html", "ICML 2021"),
    ("pmlr-icml-2015", "https://proceedings.mlr.press/v37/x15.html", "ICML 2015"),
    ("pmlr-icml-2023", "https://proceedings.mlr.press/v202/x23a.html", "ICML 2023"),
    ("pmlr-aistats", "https://proceedings.mlr.press/v130/x21a.html", "AISTATS 2021"),
    ("pmlr-corl", "https://proceedings.mlr.press/v164/x22a.html", "CoRL 2021"),
    ("pmlr-unknown", "https://proceedings.mlr.press/v999/x.html", None),
    ("jmlr", "https://jmlr.org/papers/v21/20-074.html", "JMLR 2020"),
    ("acl-findings", "https://aclanthology.org/2022.findings-emnlp.398", "Findings of EMNLP 2022"),
    ("acl-main", "https://aclanthology.org/2020.acl-main.740.pdf", "ACL 2020"),
    ("acl-bionlp", "https://aclanthology.org/2022.bionlp-1.9/", "BioNLP 2022"),
    (
        "acl-eacl-findings",
        "https://aclanthology.org/2023.findings-eacl.88",
        "Findings of EACL 2023",
    ),
    ("acl-old", "https://aclanthology.org/P19-1001", "ACL 2019"),
    ("acl-old-naacl", "https://aclanthology.org/N19-1423.pdf", "NAACL 2019"),
    ("aclweb-old", "https://www.aclweb.org/anthology/D19-1001.pdf", "EMNLP 2019"),
    ("acl-volume-page", "https://aclanthology.org/volumes/2022.findings-emnlp/", None),
    ("ecva", "https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/x.php", "ECCV 2022"),
    ("aaai", "https://ojs.aaai.org/index.php/AAAI/article/view/16000", "AAAI"),
    ("aaai-year", "https://aaai.org/Papers/AAAI/2020GB/AAAI-X.pdf", "AAAI 2020"),
    ("aaai-other-journal", "https://ojs.aaai.org/index.php/ICWSM/article/view/1", None),
    ("ijcai", "https://www.ijcai.org/proceedings/2021/0123.pdf", "IJCAI 2021"),
    ("nature", "https://www.nature.com/articles/s41586-023-05881-4", "Nature 2023"),
    (
        "nature-comms",
        "https://www.nature.com/articles/s41467-022-30761-2",
        "Nature Communications 2022",
    ),
    ("science", "https://www.science.org/doi/10.1126/science.abj8754", "Science"),
    ("miccai", "https://papers.miccai.org/miccai-2024/paper/1_paper.pdf", "MICCAI 2024"),
    ("openreview", "https://openreview.net/forum?id=abc", None),
    ("arxiv", "https://arxiv.org/abs/2310.18689", None),
    ("github", "https://github.com/o/r", None),
    ("not-url", "CVPR 2022", None),
]


@pytest.mark.parametrize(("url", "expected"), [c[1:] for c in URLS], ids=[c[0] for c in URLS])
def test_venue_from_url(url: str, expected: str | None) -> None:
    assert venue_from_url(url) == expected


YEARS = [
    ("space", "CVPR 2022", 2022),
    ("glued", "CVPR2022", 2022),
    ("apostrophe", "NeurIPS'22", 2022),
    ("old-apostrophe", "NIPS'98", 1998),
    ("findings", "Findings of EMNLP 2022", 2022),
    ("none", "ICLR", None),
    ("not-a-year", "v139", None),
]


@pytest.mark.parametrize(("venue", "expected"), [c[1:] for c in YEARS], ids=[c[0] for c in YEARS])
def test_year_from_venue(venue: str, expected: int | None) -> None:
    assert year_from_venue(venue) == expected


FULL_NAMES = [
    (
        "cvpr",
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
        2022,
        "CVPR 2022",
    ),
    ("iccv", "IEEE/CVF International Conference on Computer Vision (ICCV)", 2021, "ICCV 2021"),
    ("eccv", "European Conference on Computer Vision", 2020, "ECCV 2020"),
    ("neurips", "Advances in Neural Information Processing Systems", 2017, "NeurIPS 2017"),
    ("iclr", "International Conference on Learning Representations", 2021, "ICLR 2021"),
    ("icml", "International Conference on Machine Learning", 2021, "ICML 2021"),
    ("icmla-not-icml", "International Conference on Machine Learning and Applications", 2021, None),
    (
        "naacl",
        "Proceedings of the 2019 Conference of the North American Chapter of the "
        "Association for Computational Linguistics",
        None,
        "NAACL 2019",
    ),
    (
        "findings",
        "Findings of the Association for Computational Linguistics: EMNLP 2022",
        2022,
        "Findings of EMNLP 2022",
    ),
    ("jmlr", "Journal of Machine Learning Research", 2020, "JMLR 2020"),
    ("tpami", "IEEE Transactions on Pattern Analysis and Machine Intelligence", 2023, "TPAMI 2023"),
    ("acronym", "NeurIPS", 2020, "NeurIPS 2020"),
    ("nature", "Nature", 2023, "Nature 2023"),
    ("arxiv", "arXiv preprint arXiv:2310.18689", 2023, "arXiv"),
    ("corr", "CoRR", 2019, "arXiv"),
    ("unknown", "Journal of Obscure Studies", 2020, None),
]


@pytest.mark.parametrize(
    ("text", "year", "expected"), [c[1:] for c in FULL_NAMES], ids=[c[0] for c in FULL_NAMES]
)
def test_canonical_venue(text: str, year: int | None, expected: str | None) -> None:
    assert canonical_venue(text, year) == expected


PICKS = [
    ("year-wins", ["NeurIPS", "NeurIPS 2021"], "NeurIPS 2021"),
    ("first-on-tie", ["CVPR 2022", "ICCV 2021"], "CVPR 2022"),
    ("real-over-arxiv", ["arXiv 2023", "AAAI"], "AAAI"),
    ("empty", [], None),
]


@pytest.mark.parametrize(
    ("candidates", "expected"), [c[1:] for c in PICKS], ids=[c[0] for c in PICKS]
)
def test_pick_venue(candidates: list[str], expected: str | None) -> None:
    assert pick_venue(candidates) == expected


def test_pmlr_table_volumes_are_unique_and_known() -> None:
    assert PMLR_VOLUMES[139] == ("ICML", 2021)
    assert PMLR_VOLUMES[235] == ("ICML", 2024)
    assert PMLR_VOLUMES[37] == ("ICML", 2015)
    names = [name for name, _ in PMLR_VOLUMES.values()]
    assert names.count("ICML") == 13


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("Nature 2023", "journal"),
        ("Scientific Reports 2021", "journal"),
        ("TGRS 2022", "journal"),
        ("IEEE Journal of Biomedical and Health Informatics", "journal"),
        ("Transactions on Machine Learning Research", "journal"),
        ("CVPR 2022", "conference"),
        ("Findings of EMNLP 2022", "conference"),
        ("BioNLP 2021", "conference"),
        ("CVPR 2022 Workshop", "workshop"),
        ("arxiv", "preprint"),
        ("bioRxiv", "preprint"),
        ("OpenAI", "organisation"),
        ("Google Research", "organisation"),
        ("Stanford University", "organisation"),
        ("OpenAI blog", "other"),
        ("Technical report", "other"),
    ],
)
def test_venue_kind(venue: str, kind: str) -> None:
    assert venue_kind(venue) == kind

"""Table tests for reading a BibTeX citation block."""

from __future__ import annotations

import pytest

from awesome_parse.metadata.citation import CitationFields, citation_fields

INPROCEEDINGS = r"""@inproceedings{he2022masked,
  title={Masked Autoencoders Are Scalable Vision Learners},
  author={He, Kaiming and Chen, Xinlei and Xie, Saining and Li, Yanghao and
          Doll{\'a}r, Piotr and Girshick, Ross},
  booktitle={Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition},
  pages={16000--16009},
  year={2022}
}"""

ARXIV_MISC = r"""@misc{touvron2023llama,
      title={{LLaMA}: Open and Efficient Foundation Language Models},
      author={Hugo Touvron and Thibaut Lavril and others},
      year={2023},
      eprint={2302.13971v1},
      archivePrefix={arXiv},
      primaryClass={cs.CL}
}"""

ARTICLE = r"""@article{moor2023foundation,
  title = {Foundation models for generalist medical artificial intelligence},
  author = {Moor, Michael and {Stanford AIMI Team}},
  journal = {Nature},
  volume = {616},
  year = {2023},
  month = apr,
  doi = {https://doi.org/10.1038/S41586-023-05881-4},
  url = {https://www.nature.com/articles/s41586-023-05881-4}
}"""

JOURNAL_ARXIV = r"""@article{radford2021clip,
  title={Learning Transferable Visual Models From Natural Language Supervision},
  author={Radford, Alec and Kim, Jong Wook},
  journal={arXiv preprint arXiv:2103.00020},
  year={2021}
}"""

UNKNOWN_VENUE = r"""@article{x, title={T}, journal={Journal of Obscure Studies}, year={2020}}"""

CASES: list[tuple[str, str, CitationFields]] = [
    (
        "inproceedings",
        INPROCEEDINGS,
        {
            "title": "Masked Autoencoders Are Scalable Vision Learners",
            "authors": [
                "Kaiming He",
                "Xinlei Chen",
                "Saining Xie",
                "Yanghao Li",
                "Piotr Dollár",
                "Ross Girshick",
            ],
            "year": 2022,
            "venue": "CVPR 2022",
        },
    ),
    (
        "arxiv-misc",
        ARXIV_MISC,
        {
            "title": "LLaMA: Open and Efficient Foundation Language Models",
            "authors": ["Hugo Touvron", "Thibaut Lavril"],
            "year": 2023,
            "venue": "arXiv",
            "arxiv_id": "2302.13971",
        },
    ),
    (
        "article-doi-url",
        ARTICLE,
        {
            "title": "Foundation models for generalist medical artificial intelligence",
            "authors": ["Michael Moor", "Stanford AIMI Team"],
            "year": 2023,
            "month": 4,
            "venue": "Nature 2023",
            "doi": "10.1038/s41586-023-05881-4",
            "url": "https://www.nature.com/articles/s41586-023-05881-4",
        },
    ),
    (
        "journal-arxiv",
        JOURNAL_ARXIV,
        {
            "title": "Learning Transferable Visual Models From Natural Language Supervision",
            "authors": ["Alec Radford", "Jong Wook Kim"],
            "year": 2021,
            "venue": "arXiv",
            "arxiv_id": "2103.00020",
        },
    ),
    (
        "unknown-venue-kept",
        UNKNOWN_VENUE,
        {"title": "T", "year": 2020, "venue": "Journal of Obscure Studies"},
    ),
    ("empty", "", {}),
    ("not-bibtex", "just some text", {}),
    ("unterminated", "@article{x, title={Broken", {}),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_citation_fields(text: str, expected: CitationFields) -> None:
    assert citation_fields(text) == expected


def test_citation_first_entry_only() -> None:
    fields = citation_fields(ARTICLE + "\n" + INPROCEEDINGS)
    assert fields.get("title") == "Foundation models for generalist medical artificial intelligence"

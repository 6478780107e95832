"""Stage 3: Markdown tokens → entries. The awesome-list layer.

:func:`build_document` walks the block tokens of :mod:`awesome_parse.markdown` top to bottom
(:mod:`.document`): headings open sections, list items (:mod:`.items`) and table rows
(:mod:`.tables`) become entries, prose and HTML become section text, links and badges.
:mod:`.links` gives every link its role; :mod:`.slug` the anchors GitHub gives headings.
"""

from __future__ import annotations

from .document import build_document
from .links import label_role
from .slug import Slugger, slug

__all__ = ["Slugger", "build_document", "label_role", "slug"]

"""What ``enrich`` and ``check`` share on the command line: the network settings, the
summary and the progress bar. Imports nothing heavy: the commands load their work in ``run``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .common import UsageError

__all__ = ["add_online_options", "online_config", "progress_bar"]


def add_online_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "network",
        "Endpoints, TTLs and limits: [tool.awesome_parse.online] in pyproject.toml\n"
        "or AWESOME_PARSE_{ARXIV,S2,OPENALEX,CROSSREF,GITHUB,DOI}_API. Keys from the\n"
        "environment only: S2_API_KEY, GITHUB_TOKEN (see docs/online.md).",
    )
    group.add_argument(
        "--offline", action="store_true", help="answer from the cache only; send no request"
    )
    group.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where answers are cached (default: $AWESOME_PARSE_CACHE, else the user cache dir)",
    )
    group.add_argument(
        "--mailto",
        metavar="EMAIL",
        help="contact address for Crossref and OpenAlex (their polite pool; "
        "or $AWESOME_PARSE_MAILTO)",
    )
    group.add_argument("--timeout", type=float, metavar="SECONDS", help="per request (default: 20)")
    group.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )


def online_config(args: argparse.Namespace) -> Any:
    """The :class:`~awesome_parse.online.config.OnlineConfig` for a run: the pyproject.toml
    of the working directory (or above), then the environment, then these options."""
    from ..online.config import ConfigError, load_online_config

    try:
        return load_online_config(
            None,
            offline=True if args.offline else None,
            cache_dir=args.cache_dir,
            mailto=args.mailto,
            timeout=args.timeout,
        )
    except ConfigError as error:
        raise UsageError(str(error)) from None


@contextmanager
def progress_bar(
    args: argparse.Namespace, unit: str
) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """``(on_total, progress)`` hooks of a tqdm bar on stderr when it is a terminal."""
    if args.no_progress or not sys.stderr.isatty():
        yield (lambda n: None), (lambda n: None)
        return
    from tqdm import tqdm

    with tqdm(total=0, unit=unit, file=sys.stderr, leave=False) as bar:

        def on_total(total: int) -> None:
            bar.total = total
            bar.refresh()

        def progress(steps: int) -> None:
            bar.update(steps)

        yield on_total, progress

"""Link health by identifier: ask the service that owns each link rather than the web page.

arXiv links are checked through the arXiv API (100 identifiers a request), ``doi.org`` links
through the DOI resolver's handle API, GitHub repositories through the GitHub API (which says
archived and renamed too), and every other http(s) link with HEAD, then GET when HEAD is
refused. Only an answer that says "not here" (404, 410, an identifier the service does not
have) makes a link dead; a rate limit, a bot wall, a timeout or a failed connection makes it
"unknown", never dead — the false alarms that make CI users exclude arxiv.org and github.com
from link checkers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit

from . import arxiv
from .config import OnlineConfig, load_online_config
from .http import HttpClient, Reply
from .rules import rule_named

if TYPE_CHECKING:
    from ..lint.finding import Finding
    from ..model import Document

__all__ = ["STATUSES", "LinkResult", "check", "findings"]

Status = Literal["ok", "dead", "archived", "moved", "unknown"]
STATUSES: tuple[Status, ...] = ("ok", "dead", "archived", "moved", "unknown")
Kind = Literal["arxiv", "doi", "github", "web"]


_RULE_FOR = {
    "dead": rule_named("dead-link"),
    "archived": rule_named("archived-repository"),
    "moved": rule_named("moved-repository"),
    "unknown": rule_named("link-unknown"),
}


@dataclass(frozen=True)
class LinkResult:
    """The health of one link target, and every place the list links to it."""

    kind: Kind
    target: str
    """The arXiv ID, DOI, ``owner/name`` or URL that was checked."""
    status: Status
    detail: str = ""
    """Why, in words: ``HTTP 404``, ``archived``, ``moved to a/b``, ``rate limited``..."""
    places: tuple[tuple[int, int, str], ...] = ()
    """``(line, column, url as written)`` of each link to the target."""


def check(
    doc: Document,
    text: str | None = None,
    *,
    config: OnlineConfig | None = None,
    client: HttpClient | None = None,
    kinds: Iterable[str] = ("arxiv", "doi", "github", "web"),
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> list[LinkResult]:
    """Check every http(s) link of ``doc``; ``text`` (the parsed text) places each link at its
    line and column. ``kinds`` limits what is checked; ``on_total``/``progress`` feed a bar."""
    targets = _targets(doc, text, set(kinds))
    own_client = client is None
    http = client or HttpClient(config or load_online_config())
    tick = progress or (lambda n: None)
    try:
        total = -(-len(targets["arxiv"]) // arxiv.BATCH) + sum(
            len(targets[k]) for k in ("doi", "github", "web")
        )
        (on_total or (lambda n: None))(total)
        results: list[LinkResult] = []
        results.extend(_check_arxiv(http, targets["arxiv"], tick))
        with ThreadPoolExecutor(max_workers=max(1, http.config.concurrency)) as pool:
            for kind, checker in (
                ("doi", _check_doi),
                ("github", _check_repo),
                ("web", _check_web),
            ):
                places = targets[kind]
                answers: Iterable[tuple[Status, str]]
                if kind == "github" and http.config.github_token:
                    answers = _check_repos_graphql(http, list(places))
                else:
                    answers = pool.map(lambda t, c=checker: c(http, t), places)
                for target, (status, detail) in zip(places, answers, strict=True):
                    results.append(LinkResult(kind, target, status, detail, tuple(places[target])))  # type: ignore[arg-type]
                    tick(1)
    finally:
        if own_client:
            http.close()
    return results


def findings(results: Iterable[LinkResult], path: str) -> list[Finding]:
    """Lint-style findings (one per place) for every result that is not ``ok``."""
    found: list[Finding] = []
    for result in results:
        rule = _RULE_FOR.get(result.status)
        if rule is None:
            continue
        what = {"arxiv": "arXiv ", "doi": "DOI ", "github": "repository ", "web": ""}[result.kind]
        message = f"{what}{result.target}: {result.detail}"
        found.extend(
            rule.finding(path, line, column, len(url), message)
            for line, column, url in result.places
        )
    return sorted(found, key=lambda finding: finding.sort_key())


# --- what to check ----------------------------------------------------------------------


def _targets(
    doc: Document, text: str | None, kinds: set[str]
) -> dict[str, dict[str, list[tuple[int, int, str]]]]:
    """Targets by kind, each with its places; one check per target however often linked."""
    from ..metadata import arxiv_id_from_url, normalize_doi, repo_from_url

    found: dict[str, dict[str, list[tuple[int, int, str]]]] = {
        "arxiv": {},
        "doi": {},
        "github": {},
        "web": {},
    }
    locate = _Locator(text or "")
    for url, line in _links(doc):
        if not url.lower().startswith(("http://", "https://")):
            continue
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        kind: str
        target: str | None
        if (target := arxiv_id_from_url(url)) is not None:
            kind = "arxiv"
        elif host in ("doi.org", "dx.doi.org") and (target := normalize_doi(url)) is not None:
            kind = "doi"
        elif host == "github.com" and (target := repo_from_url(url)) is not None:
            kind = "github"
        else:
            kind, target = "web", url
        if kind in kinds:
            place = locate(url, line)
            places = found[kind].setdefault(target, [])
            if place not in places:
                places.append(place)
    return found


def _links(doc: Document) -> Iterator[tuple[str, int]]:
    """Every link URL of the document with the line it is near (0 when unknown)."""
    for link in doc.links:
        yield link.url, 0
    for badge in doc.badges:
        if badge.url:
            yield badge.url, 0
    for _, section in doc.iter_sections():
        for link in section.links:
            yield link.url, section.line
        for badge in section.badges:
            if badge.url:
                yield badge.url, section.line
    for _, entry in doc.walk_all():
        urls = [entry.url, *(link.url for link in entry.links), *(b.url for b in entry.badges)]
        for url in urls:
            if url:
                yield url, entry.line


class _Locator:
    """``(line, column, url)`` of a URL's first occurrence at or after a line (the line
    itself, column 1, when the text does not contain it as written)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        self.line_starts.extend(i + 1 for i, c in enumerate(text) if c == "\n")

    def __call__(self, url: str, line: int) -> tuple[int, int, str]:
        start = self.line_starts[line - 1] if 0 < line <= len(self.line_starts) else 0
        index = self.text.find(url, start)
        if index < 0:
            index = self.text.find(url)
        if index < 0:
            return (max(line, 1), 1, url)
        from bisect import bisect_right

        number = bisect_right(self.line_starts, index)
        return (number, index - self.line_starts[number - 1] + 1, url)


# --- the checks -------------------------------------------------------------------------


def _check_arxiv(
    http: HttpClient, places: dict[str, list[tuple[int, int, str]]], tick: Callable[[int], None]
) -> Iterator[LinkResult]:
    for batch, reply, records in arxiv.fetch(http, places):
        for arxiv_id in batch:
            if arxiv_id in records:
                status, detail = "ok", ""
            elif reply.ok:
                status, detail = "dead", "arXiv has no such paper"
            else:
                status, detail = "unknown", _why_unknown(reply)
            yield LinkResult("arxiv", arxiv_id, status, detail, tuple(places[arxiv_id]))  # type: ignore[arg-type]
        tick(1)


def _check_doi(http: HttpClient, doi: str) -> tuple[Status, str]:
    """The DOI handle API answers 200 (``responseCode`` 1) for a registered DOI and 404
    (``responseCode`` 100) for an unknown one (https://www.doi.org/the-identifier/resources/factsheets/doi-resolution-documentation)."""
    reply = http.request("doi", f"{http.config.endpoint('doi')}/api/handles/{quote(doi, safe='/')}")
    if reply.ok:
        return "ok", ""
    if reply.status == 404:
        return "dead", "the DOI is not registered"
    return "unknown", _why_unknown(reply)


def _check_repo(http: HttpClient, repo: str) -> tuple[Status, str]:
    """Without a token: ``GET /repos/{owner}/{repo}``, 200 with ``archived`` and
    ``full_name`` (a renamed or transferred repository answers through a 301 to its new home),
    404 when gone (https://docs.github.com/en/rest/repos/repos#get-a-repository)."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    reply = http.request(
        "github", f"{http.config.endpoint('github')}/repos/{repo}", headers=headers
    )
    if reply.status == 404:
        return "dead", "GitHub has no such repository"
    if reply.status == 451:
        return "dead", "the repository was taken down (HTTP 451)"
    if not reply.ok:
        return "unknown", _why_unknown(reply)
    data = reply.data()
    if not isinstance(data, dict):
        return "unknown", "GitHub's answer was not a repository"
    return _repo_status(repo, str(data.get("full_name") or ""), bool(data.get("archived")))


GRAPHQL_BATCH = 50
"""Repositories per GraphQL query (each costs one point of the 5 000 an hour)."""


def _check_repos_graphql(http: HttpClient, repos: list[str]) -> list[tuple[Status, str]]:
    """With a token: one GraphQL query per :data:`GRAPHQL_BATCH` repositories, each an
    aliased ``repository(owner, name) { nameWithOwner isArchived }``; an unknown one comes
    back ``null`` with a ``NOT_FOUND`` error naming its alias, and a renamed or transferred
    one under its new ``nameWithOwner`` (https://docs.github.com/en/graphql/reference/queries#repository)."""
    answers: list[tuple[Status, str]] = []
    headers = {"Authorization": f"Bearer {http.config.github_token}"}
    for start in range(0, len(repos), GRAPHQL_BATCH):
        batch = repos[start : start + GRAPHQL_BATCH]
        fields = " ".join(
            f"r{index}: repository(owner: {json.dumps(owner)}, name: {json.dumps(name)}) "
            "{ nameWithOwner isArchived }"
            for index, (owner, _, name) in enumerate(repo.partition("/") for repo in batch)
        )
        reply = http.request(
            "github",
            f"{http.config.endpoint('github')}/graphql",
            method="POST",
            json_body={"query": f"query {{ {fields} }}"},
            headers=headers,
        )
        answers.extend(_graphql_answers(reply, batch))
    return answers


def _graphql_answers(reply: Reply, batch: list[str]) -> list[tuple[Status, str]]:
    body = reply.data()
    if not isinstance(body, dict):
        why = _why_unknown(reply) if not reply.ok else "GitHub's answer was not JSON"
        return [("unknown", why)] * len(batch)
    data = body.get("data") or {}
    problems = {
        str(error["path"][0]): str(error.get("type") or error.get("message") or "error")
        for error in body.get("errors") or []
        if isinstance(error, dict) and error.get("path")
    }
    answers: list[tuple[Status, str]] = []
    for index, repo in enumerate(batch):
        node = data.get(f"r{index}") if isinstance(data, dict) else None
        problem = problems.get(f"r{index}", "")
        if isinstance(node, dict):
            answers.append(
                _repo_status(
                    repo, str(node.get("nameWithOwner") or ""), bool(node.get("isArchived"))
                )
            )
        elif problem == "NOT_FOUND":
            answers.append(("dead", "GitHub has no such repository"))
        elif problem == "RATE_LIMITED" or "rate limit" in problem.lower():
            answers.append(("unknown", "rate limited (GraphQL quota)"))
        else:
            answers.append(("unknown", f"GitHub said {problem or 'nothing'}"))
    return answers


def _repo_status(repo: str, full_name: str, archived: bool) -> tuple[Status, str]:
    if full_name and full_name.lower() != repo.lower():
        return "moved", f"moved to {full_name}"
    if archived:
        return "archived", "archived by its owner"
    return "ok", ""


_BOT_WALL_MARKERS = ("cf-mitigated", "cf-chl", "captcha", "challenge", "x-amzn-waf")


def _check_web(http: HttpClient, url: str) -> tuple[Status, str]:
    """HEAD, then GET when HEAD is refused or fails (many servers answer HEAD with 403, 404
    or 405 but serve the page)."""
    host = (urlsplit(url).hostname or "").lower()
    reply = http.request("web", url, method="HEAD", pace_key=host)
    if not reply.ok:
        reply = http.request("web", url, method="GET", pace_key=host)
    if reply.ok or (reply.status is not None and 300 <= reply.status < 400):
        return "ok", ""
    if reply.status in (404, 410) and not reply.problem:
        return "dead", f"HTTP {reply.status}"
    return "unknown", _why_unknown(reply)


def _why_unknown(reply: Reply) -> str:
    headers = {k.lower(): v.lower() for k, v in reply.headers.items()}
    if reply.status in (429, 503) or "retry-after" in headers or "Retry-After" in reply.problem:
        return f"rate limited ({reply.problem or f'HTTP {reply.status}'})"
    if headers.get("x-ratelimit-remaining") == "0":
        return "rate limited (API quota used up; set GITHUB_TOKEN)"
    blob = " ".join(f"{k} {v}" for k, v in headers.items())
    if reply.status in (401, 403) and any(m in blob for m in _BOT_WALL_MARKERS):
        return f"a bot wall (HTTP {reply.status})"
    if reply.status in (401, 403):
        return f"refused to robots (HTTP {reply.status})"
    if reply.problem:
        return reply.problem
    return f"HTTP {reply.status}"

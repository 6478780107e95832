"""A local stand-in for arXiv, Semantic Scholar, Crossref, OpenAlex, GitHub, the DOI
resolver and "the web", answering on 127.0.0.1 in each service's real format.

Answers come from tests/fixtures/online/ (SOURCES.txt says where each shape comes from):
records are picked by the identifiers asked for, filtered and paged as the service would;
an arXiv ID the feed fixture lacks gets an entry built from its first entry as a template,
so a whole real list can be looked up. Tests plant trouble in the attributes (dead ids,
archived or moved repositories, 429s with Retry-After, slow answers) and read ``hits`` to
count the requests that arrived. :class:`FakeClock` lets the client "sleep" without waiting.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import HTTPAdapter

from awesome_parse.online.config import OnlineConfig


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-answer (a timeout test does) is no server error."""

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "online"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
ET.register_namespace("arxiv", "http://arxiv.org/schemas/atom")
ET.register_namespace("opensearch", "http://a9.com/-/spec/opensearch/1.1/")


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class FakeClock:
    """Time that moves only when someone sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.time = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self.time

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(round(seconds, 6))
            self.time += seconds


@dataclass
class Replay:
    """The server's state: what to answer, and what it was asked."""

    port: int = 0
    hits: list[tuple[str, str, str]] = field(default_factory=list)
    """``(service, method, path?query)`` of every request, in arrival order."""
    arxiv_batches: list[int] = field(default_factory=list)
    """How many ids each arXiv request asked for."""
    s2_batches: list[int] = field(default_factory=list)
    missing_arxiv: set[str] = field(default_factory=set)
    """arXiv IDs the feed leaves out (unknown to arXiv)."""
    arxiv_titles: dict[str, str] = field(default_factory=dict)
    """Titles for the entries built from the template (default ``Replayed paper ID``)."""
    throttle: dict[str, int] = field(default_factory=dict)
    """Service → how many of its next requests get ``429`` with ``Retry-After``."""
    retry_after: str = "7"
    arxiv_rate_exceeded: set[int] = field(default_factory=set)
    """Which arXiv requests (0 for the first) get arXiv's own throttle answer: HTTP 200 and
    "Rate exceeded."."""
    slow: set[str] = field(default_factory=set)
    """Services (or web hosts) that answer only after ``slow_seconds``."""
    slow_seconds: float = 1.0
    dead_repos: set[str] = field(default_factory=set)
    archived_repos: set[str] = field(default_factory=set)
    moved_repos: dict[str, str] = field(default_factory=dict)
    rate_limited_repos: set[str] = field(default_factory=set)
    """Repositories whose every request gets 429 with an hour's Retry-After."""
    github_quota_exhausted: bool = False
    graphql_batches: list[int] = field(default_factory=list)
    """How many repositories each GraphQL query asked about."""
    dead_dois: set[str] = field(default_factory=set)
    web: dict[str, int] = field(default_factory=dict)
    """Web host → HTTP status it answers (200 when absent); 999 means a bot wall (403 with
    Cloudflare's challenge header)."""
    head_refused: set[str] = field(default_factory=set)
    """Web hosts that answer HEAD with 405 (and GET normally)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, service: str) -> str:
        base = f"http://127.0.0.1:{self.port}/{service}"
        return {
            "arxiv": f"{base}/api/query",
            "s2": f"{base}/graph/v1",
        }.get(service, base)

    def config(self, cache_dir: Path, **settings: Any) -> OnlineConfig:
        """Settings that send every service here, with tiny timeouts and no pacing."""
        base = {
            "arxiv_api": self.url("arxiv"),
            "s2_api": self.url("s2"),
            "openalex_api": self.url("openalex"),
            "crossref_api": self.url("crossref"),
            "github_api": self.url("github"),
            "doi_api": self.url("doi"),
            "cache_dir": str(cache_dir),
            "timeout": 0.5,
            "retries": 2,
            "backoff": 0.01,
            "min_interval": dict.fromkeys(
                ("arxiv", "s2", "openalex", "crossref", "github", "doi", "web"), 0.0
            ),
        }
        return OnlineConfig(**{**base, **settings})

    def environment(self, cache_dir: Path) -> dict[str, str]:
        """The same endpoints as the environment variables a user would set."""
        return {
            "AWESOME_PARSE_ARXIV_API": self.url("arxiv"),
            "AWESOME_PARSE_S2_API": self.url("s2"),
            "AWESOME_PARSE_OPENALEX_API": self.url("openalex"),
            "AWESOME_PARSE_CROSSREF_API": self.url("crossref"),
            "AWESOME_PARSE_GITHUB_API": self.url("github"),
            "AWESOME_PARSE_DOI_API": self.url("doi"),
            "AWESOME_PARSE_CACHE": str(cache_dir),
        }

    def requests_to(self, service: str) -> int:
        return sum(1 for hit in self.hits if hit[0] == service)


@contextmanager
def replay_server() -> Iterator[Replay]:
    """A :class:`Replay` served from a thread on a free port for the ``with`` block."""
    state = Replay()
    handler = type("Handler", (_Handler,), {"state": state})
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class WebToReplay(HTTPAdapter):
    """Sends every request for another host to the replay server's ``/web/HOST/PATH``, so
    that ``check``'s plain web links are answered locally (mounted on the client's session)."""

    def __init__(self, state: Replay) -> None:
        super().__init__()
        self.state = state

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(request.url or "")
        if parts.hostname != "127.0.0.1":
            query = f"?{parts.query}" if parts.query else ""
            request.url = (
                f"http://127.0.0.1:{self.state.port}/web/{parts.hostname}{parts.path}{query}"
            )
        return super().send(request, **kwargs)


class _Handler(BaseHTTPRequestHandler):
    state: Replay
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_POST(self) -> None:
        self._answer("POST")

    # --- dispatch -------------------------------------------------------------------------

    def _answer(self, method: str) -> None:
        parts = urlsplit(self.path)
        service, _, rest = parts.path.lstrip("/").partition("/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.state
        with state.lock:
            state.hits.append((service, method, self.path))
            throttled = state.throttle.get(service, 0) > 0
            if throttled:
                state.throttle[service] -= 1
        slow_key = rest.split("/", 1)[0] if service == "web" else service
        if slow_key in state.slow:
            time.sleep(state.slow_seconds)
        if throttled:
            self._send(429, b'{"message": "Too Many Requests"}', {"Retry-After": state.retry_after})
            return
        handler = getattr(self, f"_{service}", None)
        if handler is None:
            self._send(404, b"no such service")
            return
        handler(method, rest, query, body)

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), headers)

    # --- services -------------------------------------------------------------------------

    def _arxiv(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        state = self.state
        with state.lock:
            exceeded = state.requests_to("arxiv") - 1 in state.arxiv_rate_exceeded
        if exceeded:
            self._send(200, b"Rate exceeded.", content_type="text/plain")
            return
        ids = [i for i in query.get("id_list", "").split(",") if i]
        state.arxiv_batches.append(len(ids))
        if any(re.search(r"v$", i) for i in ids):
            self._send(
                200,
                (FIXTURES / "arxiv_error.xml").read_bytes(),
                content_type="application/atom+xml",
            )
            return
        feed = ET.parse(FIXTURES / "arxiv_feed.xml").getroot()
        known = {}
        for entry in feed.findall(f"{{{ATOM}}}entry"):
            known[_abs_id(entry)] = entry
            feed.remove(entry)
        template = next(iter(known.values()))
        for arxiv_id in ids:
            if arxiv_id in state.missing_arxiv:
                continue
            title = state.arxiv_titles.get(arxiv_id, f"Replayed paper {arxiv_id}")
            entry = known.get(arxiv_id) or _entry_from(template, arxiv_id, title)
            feed.append(entry)
        self._send(
            200,
            ET.tostring(feed, xml_declaration=True, encoding="utf-8"),
            content_type="application/atom+xml",
        )

    def _s2(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        if method != "POST" or not rest.endswith("paper/batch"):
            self._json(404, {"error": "Not found"})
            return
        ids = json.loads(body)["ids"]
        self.state.s2_batches.append(len(ids))
        if len(ids) > 500:
            self._json(400, {"error": "Cannot process more than 500 ids"})
            return
        papers = {f"ARXIV:{p['externalIds']['ArXiv']}": p for p in _load("s2_batch.json")}
        self._json(200, [papers.get(i) for i in ids])

    def _crossref(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        document = _load("crossref_works.json")
        wanted = {f.removeprefix("doi:").lower() for f in query.get("filter", "").split(",")}
        items = [i for i in document["message"]["items"] if i["DOI"].lower() in wanted]
        rows = int(query.get("rows", "20"))
        cursor = query.get("cursor", "*")
        start = 0 if cursor == "*" else int(cursor.removeprefix("page-"))
        message = document["message"]
        message["items"] = items[start : start + rows]
        message["items-per-page"] = rows
        message["total-results"] = len(items)
        message["next-cursor"] = f"page-{start + rows}"  # Crossref sends one even on the last page
        self._json(200, document)

    def _openalex(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        document = _load("openalex_works.json")
        works = document["results"]
        if "filter" in query:
            wanted = {d.lower() for d in query["filter"].removeprefix("doi:").split("|")}
            chosen = [
                w for w in works if (w.get("doi") or "").removeprefix("https://doi.org/") in wanted
            ]
        else:
            # Relevance as shared words; a search always answers something, however poor.
            search = _words(query.get("search", ""))
            overlap = {
                w["id"]: len(_words(w["display_name"]) & search) / len(_words(w["display_name"]))
                for w in works
            }
            chosen = sorted(
                (w for w in works if overlap[w["id"]] >= 0.5), key=lambda w: -overlap[w["id"]]
            )
            chosen = chosen or works[-1:]
        document["results"] = chosen
        document["meta"]["count"] = len(chosen)
        self._json(200, document)

    def _github(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        state = self.state
        if state.github_quota_exhausted:
            self._json(
                403,
                {"message": "API rate limit exceeded for 127.0.0.1."},
                {"x-ratelimit-remaining": "0", "x-ratelimit-limit": "60"},
            )
            return
        if rest == "graphql" and method == "POST":
            self._github_graphql(json.loads(body)["query"])
            return
        repo = _load("github_repo.json")
        if rest.startswith("repositories/"):
            repo["full_name"] = unquote(rest.split("/", 1)[1]).replace(":", "/")
            self._json(200, repo)
            return
        name = rest.removeprefix("repos/")
        key = name.lower()
        if key in state.rate_limited_repos:
            self._json(429, {"message": "Too Many Requests"}, {"Retry-After": "3600"})
            return
        if key in state.dead_repos:
            self._json(
                404,
                {
                    "message": "Not Found",
                    "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                },
            )
            return
        if key in state.moved_repos:
            target = state.moved_repos[key].replace("/", ":")
            location = f"http://127.0.0.1:{state.port}/github/repositories/{target}"
            self._json(
                301, {"message": "Moved Permanently", "url": location}, {"Location": location}
            )
            return
        repo["full_name"] = name
        repo["name"] = name.split("/")[-1]
        repo["archived"] = key in state.archived_repos
        self._json(200, repo)

    def _github_graphql(self, query: str) -> None:
        """Aliased ``repository`` fields, answered as GitHub's GraphQL API does: ``data`` by
        alias, ``null`` plus a ``NOT_FOUND`` error for an unknown repository, the new
        ``nameWithOwner`` for a moved one (shapes from docs.github.com/en/graphql)."""
        state = self.state
        state.graphql_batches.append(query.count("repository("))
        data: dict[str, Any] = {}
        errors = []
        for alias, owner, name in re.findall(
            r'(r\d+): repository\(owner: "([^"]*)", name: "([^"]*)"\)', query
        ):
            key = f"{owner}/{name}".lower()
            if key in state.dead_repos:
                data[alias] = None
                errors.append({
                    "type": "NOT_FOUND",
                    "path": [alias],
                    "locations": [{"line": 1, "column": 9}],
                    "message": f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                })  # fmt: skip
                continue
            full_name = state.moved_repos.get(key, f"{owner}/{name}")
            data[alias] = {"nameWithOwner": full_name, "isArchived": key in state.archived_repos}
        self._json(200, {"data": data, **({"errors": errors} if errors else {})})

    def _doi(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        doi = unquote(rest.removeprefix("api/handles/")).lower()
        if doi in self.state.dead_dois:
            self._json(404, {"responseCode": 100, "handle": doi})
            return
        answer = _load("doi_handle.json")
        answer["handle"] = doi
        self._json(200, answer)

    def _web(self, method: str, rest: str, query: dict[str, str], body: bytes) -> None:
        host = rest.split("/", 1)[0]
        status = self.state.web.get(host, 200)
        if method == "HEAD" and host in self.state.head_refused:
            self._send(405, b"", content_type="text/html")
        elif status == 999:
            self._send(
                403,
                b"<html>Just a moment...</html>",
                {"cf-mitigated": "challenge", "Server": "cloudflare"},
                "text/html",
            )
        else:
            self._send(status, b"<html>page</html>", content_type="text/html")


def _abs_id(entry: ET.Element) -> str:
    text = entry.findtext(f"{{{ATOM}}}id") or ""
    return re.sub(r"v\d+$", "", text.rsplit("/abs/", 1)[-1])


def _entry_from(template: ET.Element, arxiv_id: str, title: str) -> ET.Element:
    """An entry for ``arxiv_id`` in the template's shape, with its own title and authors."""
    entry = copy.deepcopy(template)
    for child in list(entry):
        if child.tag in (
            f"{{{ATOM}}}author",
            "{http://arxiv.org/schemas/atom}doi",
            "{http://arxiv.org/schemas/atom}journal_ref",
        ):
            entry.remove(child)
    entry.find(f"{{{ATOM}}}id").text = f"http://arxiv.org/abs/{arxiv_id}v1"  # type: ignore[union-attr]
    entry.find(f"{{{ATOM}}}title").text = title  # type: ignore[union-attr]
    new_style = re.match(r"(\d\d)(\d\d)\.", arxiv_id)
    if new_style:  # submitted in the month the identifier names
        date = f"20{new_style.group(1)}-{new_style.group(2)}-01T12:00:00Z"
        entry.find(f"{{{ATOM}}}published").text = date  # type: ignore[union-attr]
        entry.find(f"{{{ATOM}}}updated").text = date  # type: ignore[union-attr]
    for index, name in enumerate(("Ada Lovelace", "Alan Turing")):
        author = ET.Element(f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = name
        entry.insert(4 + index, author)
    return entry


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))

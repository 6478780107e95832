"""The one door to the network: every request of ``enrich`` and ``check`` goes through
:class:`HttpClient`, which owns the cache, the per-service pace, retries and offline mode.

Why requests + requests-cache (and not httpx + hishel): requests-cache has had a stable API
for years and gives exactly what is needed as settings — an SQLite cache that keeps answers
regardless of the services' caching headers, a TTL per request (so per service), POST bodies
in the cache key (Semantic Scholar's batch endpoint is a POST), credentials kept out of the
stored requests, and ``only_if_cached`` plus ``stale_if_error`` for an offline mode that
still uses expired answers. hishel changed its API twice in a year (0.1 → 1.0 → 2.0).

Pace and retries are small and ours, because both must run on an injected :class:`Clock`:
tests count the waits instead of sleeping them.
"""

from __future__ import annotations

import email.utils
import functools
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from .._version import __version__
from .config import OnlineConfig

if TYPE_CHECKING:
    import requests
    from requests_cache import CachedSession

__all__ = ["Clock", "HttpClient", "Reply", "Stats", "SystemClock"]

CACHE_FILE = "http-cache.sqlite"
_RETRIED = (429, 503)
_PER_HOST = 2
"""Requests in flight to one host at once."""


class Clock(Protocol):
    """Time as the HTTP layer sees it; tests pass one whose ``sleep`` only counts."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass
class Stats:
    """What a run cost: requests that went out, answers the cache gave, retries, misses."""

    requests: int = 0
    cache_hits: int = 0
    retries: int = 0
    offline_misses: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, count: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + count)

    def summary(self) -> str:
        text = f"{self.requests} requests, {self.cache_hits} cache hits"
        if self.retries:
            text += f", {self.retries} retries"
        if self.offline_misses:
            text += f", {self.offline_misses} not in the cache (offline)"
        return text


@dataclass(frozen=True)
class Reply:
    """A service's answer, or why there is none. ``status`` is ``None`` when no HTTP answer
    came (timeout, connection failure, offline miss); ``problem`` then says why, and it also
    names a rate limit that outlasted the retries."""

    status: int | None
    url: str
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    from_cache: bool = False
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.problem

    def data(self) -> Any:
        """The parsed JSON of a successful answer; ``None`` for anything else."""
        if not self.ok:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class HttpClient:
    """A cached, paced, retrying HTTP client for the services of :class:`OnlineConfig`.

    Safe to share between threads: callers may run requests from a pool of
    ``config.concurrency`` workers; each service's pace is kept across all of them.
    """

    def __init__(
        self,
        config: OnlineConfig,
        clock: Clock | None = None,
        session: CachedSession | None = None,
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        self.stats = Stats()
        self._session = session or cached_session(config)
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}
        self._host_slots: dict[str, threading.Semaphore] = {}
        contact = f"; mailto:{config.mailto}" if config.mailto else ""
        self._user_agent = (
            f"awesome-parse/{__version__} (+https://pypi.org/project/awesome-parse/{contact})"
        )

    def close(self) -> None:
        self._session.close()  # type: ignore[no-untyped-call]  # requests-cache leaves it bare

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self,
        service: str,
        url: str,
        *,
        method: str = "GET",
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        pace_key: str | None = None,
        accept: Callable[[bytes], bool] | None = None,
    ) -> Reply:
        """Ask ``url`` on behalf of ``service`` (whose TTL and pace apply; ``pace_key``
        overrides the pace's key, e.g. a host for ``web``). Never raises for network
        trouble: the :class:`Reply` says what happened.

        ``accept(body)`` judges a successful answer: one it rejects (arXiv's "Rate
        exceeded." comes with HTTP 200) is dropped from the cache and returned with a
        ``problem``, as no answer."""
        import requests

        send = functools.partial(
            self._session.request,
            method,
            url,
            params=params,
            json=json_body,
            headers={"User-Agent": self._user_agent, **(headers or {})},
            timeout=self.config.timeout,
            allow_redirects=True,
            # requests-cache keeps whole seconds; 0 would store nothing.
            expire_after=max(1, round(self.config.ttl.get(service, 86_400.0))),
        )
        # The cache first, outside the pace: a rerun must neither send nor wait.
        cached = send(only_if_cached=True)
        if not _is_cache_miss(cached):
            self.stats.add("cache_hits")
            return self._judged(cached, url, accept)
        if self.config.offline:
            self.stats.add("offline_misses")
            return Reply(None, url, problem="not in the cache (offline)")
        delay = self.config.backoff
        problem = ""
        status: int | None = None
        for attempt in range(self.config.retries + 1):
            if attempt:
                self.stats.add("retries")
                self.clock.sleep(delay)
                delay *= 2
            self.stats.add("requests")
            try:
                with self._host_slot(url):
                    self._wait_turn(pace_key or service)
                    response = send()
            except requests.Timeout:
                status, problem = None, f"no answer within {self.config.timeout:g} s"
                continue
            except requests.RequestException as error:
                return Reply(None, url, problem=f"cannot connect: {_reason(error)}")
            if response.status_code not in _RETRIED:
                return self._judged(response, url, accept)
            status = response.status_code
            wait = _retry_after(response.headers.get("Retry-After"))
            problem = f"HTTP {status}" + (f", Retry-After {wait:g} s" if wait is not None else "")
            if wait is not None:
                if wait > self.config.max_retry_after:
                    break
                delay = max(wait, 0.0)
        return Reply(status, url, problem=f"gave up: {problem}")

    def _judged(
        self, response: requests.Response, url: str, accept: Callable[[bytes], bool] | None
    ) -> Reply:
        reply = _reply(response, url)
        if accept is None or not reply.ok or accept(reply.body):
            return reply
        cache_key = getattr(response, "cache_key", None)
        if cache_key:
            self._session.cache.delete(cache_key)
        return replace(reply, problem=f"unexpected answer: {reply.text[:60].strip()!r}")

    def _wait_turn(self, key: str) -> None:
        """Keep ``config.min_interval[service]`` between the starts of two requests to one
        service: each caller books the next free start under the lock, then sleeps to it."""
        interval = self.config.min_interval.get(key, self.config.min_interval.get("web", 0.0))
        if interval <= 0:
            return
        with self._lock:
            now = self.clock.now()
            start = max(now, self._next_turn.get(key, now))
            self._next_turn[key] = start + interval
        if start > now:
            self.clock.sleep(start - now)

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        from urllib.parse import urlsplit

        host = urlsplit(url).netloc.lower()
        with self._lock:
            slot = self._host_slots.setdefault(host, threading.Semaphore(_PER_HOST))
        with slot:
            yield


def cached_session(config: OnlineConfig) -> CachedSession:
    from requests_cache import CachedSession

    folder = config.resolved_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return CachedSession(
        str(folder / CACHE_FILE),
        backend="sqlite",
        wal=True,
        allowable_methods=("GET", "HEAD", "POST"),
        # Answers worth keeping: found, moved, and not found (a dead link stays dead for a
        # TTL). Rate limits and server errors are never cached.
        allowable_codes=(200, 301, 302, 404, 410),
        stale_if_error=config.offline,
        # Credentials and the contact address stay out of the stored requests and the keys.
        ignored_parameters=("Authorization", "x-api-key", "mailto", "User-Agent"),
    )


def _is_cache_miss(response: requests.Response) -> bool:
    """requests-cache answers an ``only_if_cached`` request it cannot serve with a 504 of
    its own making."""
    return response.status_code == 504 and bool(getattr(response, "from_cache", False))


def _reply(response: requests.Response, url: str) -> Reply:
    return Reply(
        response.status_code,
        response.url or url,
        response.content,
        dict(response.headers),
        bool(getattr(response, "from_cache", False)),
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def _reason(error: Exception) -> str:
    text = str(error)
    for marker in ("Name or service not known", "Connection refused", "Temporary failure"):
        if marker in text:
            return marker.lower()
    return type(error).__name__

"""The HTTP layer against a real local server: the cache (a rerun sends nothing), offline
mode, retries that honour Retry-After, timeouts, per-service pace on an injected clock,
credentials kept out of the cache, and where settings come from."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("requests_cache", reason="the online extra is not installed")

from awesome_parse.online.config import ConfigError, OnlineConfig, load_online_config
from awesome_parse.online.http import CACHE_FILE, HttpClient

from .online_replay import FakeClock, Replay, replay_server


@pytest.fixture
def replay() -> Iterator[Replay]:
    with replay_server() as state:
        yield state


def _client(
    replay: Replay, tmp_path: Path, clock: FakeClock | None = None, **settings: object
) -> HttpClient:
    return HttpClient(replay.config(tmp_path / "cache", **settings), clock=clock or FakeClock())


def test_a_second_request_is_answered_by_the_cache_without_reaching_the_server(
    replay: Replay, tmp_path: Path
) -> None:
    url = f"{replay.url('github')}/repos/octocat/Hello-World"
    with _client(replay, tmp_path) as client:
        first = client.request("github", url)
    with _client(replay, tmp_path) as client:  # a new run, the same cache folder
        second = client.request("github", url)
        assert (client.stats.requests, client.stats.cache_hits) == (0, 1)
    assert first.ok and second.ok and second.from_cache and not first.from_cache
    assert second.data()["full_name"] == "octocat/Hello-World"
    assert replay.requests_to("github") == 1


def test_post_bodies_are_part_of_the_cache_key(replay: Replay, tmp_path: Path) -> None:
    url = f"{replay.url('s2')}/paper/batch"
    with _client(replay, tmp_path) as client:
        one = client.request("s2", url, method="POST", json_body={"ids": ["ARXIV:2103.00020"]})
        other = client.request("s2", url, method="POST", json_body={"ids": ["ARXIV:2307.14334"]})
        again = client.request("s2", url, method="POST", json_body={"ids": ["ARXIV:2103.00020"]})
    assert one.data()[0]["title"].startswith("Learning Transferable")
    assert other.data()[0]["title"] == "Towards Generalist Biomedical AI"
    assert again.from_cache and replay.requests_to("s2") == 2


def test_offline_answers_from_the_cache_and_reports_the_rest_without_a_request(
    replay: Replay, tmp_path: Path
) -> None:
    cached_url = f"{replay.url('doi')}/api/handles/10.1000/1"
    with _client(replay, tmp_path) as client:
        client.request("doi", cached_url)
    with _client(replay, tmp_path, offline=True) as client:
        hit = client.request("doi", cached_url)
        miss = client.request("doi", f"{replay.url('doi')}/api/handles/10.1000/2")
        assert (client.stats.requests, client.stats.cache_hits, client.stats.offline_misses) == (
            0,
            1,
            1,
        )
    assert hit.ok and hit.data()["responseCode"] == 1
    assert miss.status is None and miss.problem == "not in the cache (offline)"
    assert replay.requests_to("doi") == 1


def test_offline_also_uses_answers_past_their_ttl_which_online_asks_again(
    replay: Replay, tmp_path: Path
) -> None:
    url = f"{replay.url('doi')}/api/handles/10.1000/1"
    with _client(replay, tmp_path, ttl={"doi": 1}) as client:
        client.request("doi", url)
    time.sleep(1.1)  # let the one-second TTL pass (requests-cache keeps whole seconds)
    with _client(replay, tmp_path, ttl={"doi": 1}, offline=True) as client:
        stale = client.request("doi", url)
    assert stale.ok and stale.from_cache and replay.requests_to("doi") == 1
    with _client(replay, tmp_path, ttl={"doi": 1}) as client:
        fresh = client.request("doi", url)
    assert fresh.ok and not fresh.from_cache and replay.requests_to("doi") == 2


def test_429_is_retried_after_the_wait_retry_after_asks_for(replay: Replay, tmp_path: Path) -> None:
    replay.throttle["github"] = 2
    replay.retry_after = "7"
    clock = FakeClock()
    with _client(replay, tmp_path, clock) as client:
        reply = client.request("github", f"{replay.url('github')}/repos/a/b")
        assert client.stats.retries == 2
    assert reply.ok and reply.data()["full_name"] == "a/b"
    assert clock.sleeps == [7.0, 7.0]
    assert replay.requests_to("github") == 3


def test_a_429_is_never_cached(replay: Replay, tmp_path: Path) -> None:
    replay.throttle["github"] = 1
    with _client(replay, tmp_path, retries=0) as client:
        limited = client.request("github", f"{replay.url('github')}/repos/a/b")
        answered = client.request("github", f"{replay.url('github')}/repos/a/b")
    assert limited.status == 429 and "gave up: HTTP 429" in limited.problem
    assert answered.ok and not answered.from_cache


def test_a_retry_after_longer_than_the_cap_is_given_up_at_once(
    replay: Replay, tmp_path: Path
) -> None:
    replay.throttle["github"] = 5
    replay.retry_after = "3600"
    clock = FakeClock()
    with _client(replay, tmp_path, clock) as client:
        reply = client.request("github", f"{replay.url('github')}/repos/a/b")
    assert reply.status == 429 and "Retry-After 3600 s" in reply.problem
    assert clock.sleeps == [] and replay.requests_to("github") == 1


def test_without_retry_after_the_backoff_doubles(replay: Replay, tmp_path: Path) -> None:
    replay.throttle["github"] = 3
    replay.retry_after = ""
    clock = FakeClock()
    with _client(replay, tmp_path, clock, backoff=2.0, retries=3) as client:
        assert client.request("github", f"{replay.url('github')}/repos/a/b").ok
    assert clock.sleeps == [2.0, 4.0, 8.0]


def test_a_timeout_is_retried_then_reported_as_no_answer(replay: Replay, tmp_path: Path) -> None:
    replay.slow.add("doi")
    replay.slow_seconds = 0.6
    with _client(replay, tmp_path, timeout=0.1, retries=1) as client:
        reply = client.request("doi", f"{replay.url('doi')}/api/handles/10.1/x")
        assert client.stats.requests == 2 and client.stats.retries == 1
    assert reply.status is None and reply.problem == "gave up: no answer within 0.1 s"


def test_a_refused_connection_is_no_answer_not_an_exception(tmp_path: Path) -> None:
    with replay_server() as gone:
        url = f"{gone.url('github')}/repos/a/b"
    config = OnlineConfig(cache_dir=str(tmp_path), timeout=1.0)
    with HttpClient(config, clock=FakeClock()) as client:
        reply = client.request("github", url)
    assert reply.status is None and reply.problem.startswith("cannot connect")


def test_each_service_keeps_its_own_pace_and_cache_hits_do_not_wait(
    replay: Replay, tmp_path: Path
) -> None:
    clock = FakeClock()
    intervals = {"arxiv": 3.0, "github": 0.5}
    with _client(replay, tmp_path, clock, min_interval=intervals) as client:
        for number in range(3):
            client.request("arxiv", replay.url("arxiv"), params={"id_list": f"2103.0002{number}"})
        client.request("github", f"{replay.url('github')}/repos/a/b")
        assert clock.sleeps == [3.0, 3.0]  # arXiv: one request per 3 s; GitHub not held up
        client.request("arxiv", replay.url("arxiv"), params={"id_list": "2103.00020"})
    assert clock.sleeps == [3.0, 3.0]  # answered from the cache: no turn taken
    assert replay.arxiv_batches == [1, 1, 1]


def test_credentials_and_contact_stay_out_of_the_cache_file(replay: Replay, tmp_path: Path) -> None:
    with _client(replay, tmp_path) as client:
        client.request(
            "s2",
            f"{replay.url('s2')}/paper/batch",
            method="POST",
            json_body={"ids": ["ARXIV:2103.00020"]},
            headers={"x-api-key": "s2-secret-key"},
        )
        client.request(
            "crossref",
            f"{replay.url('crossref')}/works",
            params={"filter": "doi:10.1145/3381831", "mailto": "me@example.org"},
            headers={"Authorization": "Bearer gh-secret-token"},
        )
    stored = b"".join(path.read_bytes() for path in (tmp_path / "cache").glob(f"{CACHE_FILE}*"))
    assert b"2103.00020" in stored  # the answers are there...
    for secret in (b"s2-secret-key", b"gh-secret-token", b"me@example.org"):
        assert secret not in stored  # ...the credentials and the address are not


def test_settings_come_from_pyproject_then_environment_then_options(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.awesome_parse.online]\n"
        'arxiv-api = "http://from-pyproject/api/query"\n'
        'crossref-api = "http://from-pyproject/crossref"\n'
        'mailto = "list@example.org"\n'
        "ttl = { arxiv = 60 }\n",
        encoding="utf-8",
    )
    environ = {
        "AWESOME_PARSE_CROSSREF_API": "http://from-env/crossref/",
        "S2_API_KEY": "key",
        "GITHUB_TOKEN": "token",
        "AWESOME_PARSE_CACHE": "/tmp/from-env",
    }
    config = load_online_config(tmp_path, environ, cache_dir="/tmp/from-option", offline=None)
    assert config.endpoint("arxiv") == "http://from-pyproject/api/query"
    assert config.endpoint("crossref") == "http://from-env/crossref"
    assert config.endpoint("openalex") == "https://api.openalex.org"
    assert config.mailto == "list@example.org"
    assert (config.s2_api_key, config.github_token) == ("key", "token")
    assert config.cache_dir == "/tmp/from-option" and config.offline is False
    assert config.ttl["arxiv"] == 60 and config.ttl["github"] == 86_400
    assert "key" not in repr(config) and "token" not in repr(config)


def test_default_endpoints_are_the_services_documented_ones(tmp_path: Path) -> None:
    config = load_online_config(tmp_path, {})
    assert [config.endpoint(s) for s in ("arxiv", "s2", "openalex", "crossref", "github")] == [
        "https://export.arxiv.org/api/query",
        "https://api.semanticscholar.org/graph/v1",
        "https://api.openalex.org",
        "https://api.crossref.org",
        "https://api.github.com",
    ]
    assert config.min_interval["arxiv"] == 3.0


@pytest.mark.parametrize(
    ("table", "complaint"),
    [
        ('github-token = "x"', "API keys come from the environment only"),
        ('timeout = "fast"', "timeout must be a number"),
        ("ttl = { gopher = 1 }", "ttl must map services"),
        ("retries = 1.5", "retries must be a whole number"),
    ],
)
def test_a_bad_setting_names_the_file_and_the_key(
    tmp_path: Path, table: str, complaint: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.awesome_parse.online]\n{table}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=complaint) as error:
        load_online_config(tmp_path, {})
    assert str(tmp_path / "pyproject.toml") in str(error.value)

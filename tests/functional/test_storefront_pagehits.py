"""Page-cache hits answered in front of Flask: the same answer as the app's, purges seen at once."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from flask import Flask

from cli.runners import running_storefront
from sandbox.server import Sandbox
from storefront import purger, tagversions
from storefront.pagecache import PageServer
from tests.conftest import settings_for
from tests.functional.storefront_helpers import (
    TSHIRT,
    html,
    product_id,
    spy_product_renders,
    storefront,
)

PAGE = f"/products/{TSHIRT}"
VISITORS = [
    ({"query_string": "lang=es"}, 'lang="es-ES"'),
    ({"headers": {"Cookie": "lang=de-DE; _ga=1"}}, 'lang="de-DE"'),
    ({"headers": {"Accept-Language": "es-MX, es;q=0.9, en;q=0.5"}}, 'lang="es-ES"'),
    ({"query_string": "lang=es", "headers": {"Cookie": "lang=de-DE"}}, 'lang="es-ES"'),
    ({}, 'lang="en-US"'),
]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return spy_product_renders(monkeypatch)


def answer(response: Any) -> tuple[int, bytes, list[tuple[str, str]]]:
    """Status, body and headers (but the Date) of a test-client response."""
    headers = sorted((k, v) for k, v in response.headers.items() if k != "Date")
    return response.status_code, response.get_data(), headers


@pytest.mark.parametrize(("request_args", "lang"), VISITORS)
def test_a_hit_is_the_rendered_answer_in_the_visitors_locale(
    app: Flask, renders: list[str], request_args: dict[str, Any], lang: str
) -> None:
    rendered = app.test_client().get(PAGE, **request_args)
    replayed = app.test_client().get(PAGE, **request_args)
    assert lang in html(rendered)
    assert answer(replayed) == answer(rendered)
    assert "Date" in replayed.headers
    assert len(renders) <= 1  # a locale seen by an earlier case is a hit from the start


def test_the_demo_server_sends_one_date_with_a_miss_and_a_hit(
    box: Sandbox, renders: list[str]
) -> None:
    # werkzeug's server (storefront demo and serve) dates every answer; the app's answers, a
    # hit's and a miss's, carry their own Date already (werkzeug's make_conditional, the page
    # cache's replay): one of them, not both.
    with running_storefront(settings_for(box), 0) as (url, _):
        answers = [httpx.get(url + PAGE) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert len(renders) == 1  # the second and third were hits
    assert [len(a.headers.get_list("Date")) for a in answers] == [1, 1, 1]
    assert answers[2].text == answers[0].text


def test_a_conditional_hit_answers_not_modified(client: Any, renders: list[str]) -> None:
    etag = client.get(PAGE, query_string="lang=de").headers["ETag"]
    again = client.get(PAGE, query_string="lang=de", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert len(renders) <= 1


def test_head_and_preview_requests_go_to_the_app(client: Any, renders: list[str]) -> None:
    fresh = "/products/linen-summer-shirt"  # a page no other test of this module has stored
    client.get(fresh, query_string="lang=de")
    head = client.head(fresh, query_string="lang=de")
    preview = client.get(fresh, query_string="lang=de&preview=wrong")
    assert head.status_code == 200 and preview.status_code == 200
    assert len(renders) == 3


@pytest.fixture
def shared_app(box: Sandbox, redis_url: str) -> Iterator[tuple[Flask, str]]:
    redis.Redis.from_url(redis_url).flushdb()
    with storefront(box, redis_url=redis_url) as application:
        yield application, redis_url
    redis.Redis.from_url(redis_url).flushdb()


def wait_until_listening(app: Flask, client: Any) -> None:
    """Serve a page, then wait until the app hears purges (then it remembers tag versions)."""
    assert "Camiseta" in html(client.get(PAGE, query_string="lang=es"))
    hits = app.wsgi_app
    assert isinstance(hits, PageServer) and hits.tag_versions is not None
    deadline = time.monotonic() + 5
    while not hits.tag_versions.listening and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hits.tag_versions.listening


PURGE_ELSEWHERE = """
import sys
from storefront import create_app, pagecache
from config.settings import Settings
app = create_app({"SETTINGS": Settings(redis_url=sys.argv[1])})
with app.app_context():
    pagecache.purge_tags([sys.argv[2]])
"""


def test_a_purge_in_another_process_reaches_this_ones_hits(
    shared_app: tuple[Flask, str], box: Sandbox, renders: list[str]
) -> None:
    app, url = shared_app
    client = app.test_client()
    wait_until_listening(app, client)
    for _ in range(3):
        assert "Camiseta" in html(client.get(PAGE, query_string="lang=es"))
    assert renders == [TSHIRT]
    purge = [sys.executable, "-c", PURGE_ELSEWHERE, url, product_id(box, TSHIRT)]
    subprocess.run(purge, check=True, timeout=60)
    deadline = time.monotonic() + 2  # the announcement travels through Redis pub/sub
    while len(renders) < 2 and time.monotonic() < deadline:
        client.get(PAGE, query_string="lang=es")
        time.sleep(0.01)
    assert renders == [TSHIRT, TSHIRT]
    client.get(PAGE, query_string="lang=es")
    assert renders == [TSHIRT, TSHIRT]


def test_a_purge_here_is_seen_by_the_next_hit(
    shared_app: tuple[Flask, str], box: Sandbox, renders: list[str]
) -> None:
    app, _ = shared_app
    client = app.test_client()
    client.get(PAGE, query_string="lang=es")
    client.get(PAGE, query_string="lang=es")
    purge = purger.for_app(app)
    with app.app_context():
        purge.purge_tags([product_id(box, TSHIRT)])
    if purge.last_rewarm is not None:
        purge.last_rewarm.result(timeout=30)
    client.get(PAGE, query_string="lang=es")
    assert renders == [TSHIRT, TSHIRT]


def test_emptying_redis_and_announcing_it_renders_again(
    shared_app: tuple[Flask, str], renders: list[str]
) -> None:
    app, url = shared_app
    client = app.test_client()
    wait_until_listening(app, client)
    client.get(PAGE, query_string="lang=es")
    store = redis.Redis.from_url(url)
    store.flushdb()
    store.publish(tagversions.CHANNEL, tagversions.EVERYTHING)
    deadline = time.monotonic() + 2  # the announcement travels through Redis pub/sub
    while len(renders) < 2 and time.monotonic() < deadline:
        client.get(PAGE, query_string="lang=es")
        time.sleep(0.01)
    assert renders == [TSHIRT, TSHIRT]
    # The page stored again is served again: a tag read before it had a version is not
    # remembered as "no version" (which no hit could ever match).
    for _ in range(3):
        client.get(PAGE, query_string="lang=es")
    assert renders == [TSHIRT, TSHIRT]

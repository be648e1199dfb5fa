"""Cache writes wait until the response is sent: the WSGI server's close() starts them, on the
app's background thread once started (gunicorn), else in the request's own thread."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from storefront import aftersend, cache
from tests.functional.storefront_helpers import TSHIRT

PAGE = f"/products/{TSHIRT}"


def served(app: Flask, path: str) -> tuple[Any, bytes]:
    """Call the app as a WSGI server does: take the whole body, close it later."""
    environ = EnvironBuilder(path=path, query_string="lang=es").get_environ()
    statuses: list[str] = []
    body = app.wsgi_app(environ, lambda status, headers, *exc: statuses.append(status))
    data = b"".join(body)
    assert statuses == ["200 OK"]
    return body, data


def test_content_and_page_are_stored_only_when_the_server_closes_the_response(
    app: Flask,
) -> None:
    with app.app_context():
        cache.cache.clear()
    body, data = served(app, PAGE)
    assert "Camiseta" in data.decode()
    with app.app_context():
        assert cache.cache.get(cache.content_key(TSHIRT)) is None  # sent, not yet stored
        assert cache.cache.get(f"pagev2:es-ES:{PAGE}?page=1") is None
    body.close()
    with app.app_context():
        assert cache.cache.get(cache.content_key(TSHIRT)) is not None
        assert cache.cache.get(f"pagev2:es-ES:{PAGE}?page=1") is not None


def test_a_failing_job_is_logged_and_the_others_still_run(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("cache gone")

    with caplog.at_level(logging.WARNING, logger="storefront.aftersend"):
        aftersend.run(app, [broken, lambda: ran.append("second")])
    assert ran == ["second"]
    assert "work after the response failed" in caplog.text


def test_outside_the_page_server_a_job_runs_at_once(app: Flask) -> None:
    ran: list[str] = []
    with app.test_request_context("/"):
        aftersend.later(lambda: ran.append("now"))
    assert ran == ["now"]


def test_the_background_thread_runs_the_work_after_finish_returns(app: Flask) -> None:
    release, ran = threading.Event(), []
    runner = aftersend.Runner(app)
    try:
        app.extensions[aftersend.EXTENSION] = runner
        named = [lambda: release.wait(5), lambda: ran.append(threading.current_thread().name)]
        aftersend.finish(app, named)
        assert ran == []  # the request's thread is free before its work is done
        release.set()
    finally:
        aftersend.stop(app)  # drains what is queued
    assert ran == ["storefront-aftersend"]
    assert aftersend.EXTENSION not in app.extensions


def test_a_full_queue_makes_the_request_run_its_own_work(app: Flask) -> None:
    release, ran = threading.Event(), []
    runner = aftersend.Runner(app, limit=1)
    try:
        runner.submit([lambda: release.wait(5)])  # taken by the thread, which then waits
        deadline = time.monotonic() + 5
        while not runner.waiting.empty() and time.monotonic() < deadline:
            time.sleep(0.005)
        runner.submit([lambda: ran.append("queued")])  # fills the queue
        runner.submit([lambda: ran.append(threading.current_thread().name)])
        assert ran == [threading.current_thread().name]  # ran here, at once
    finally:
        release.set()
        runner.stop()
    assert ran == [threading.current_thread().name, "queued"]


def test_a_started_app_stores_its_pages_from_the_background_thread(app: Flask) -> None:
    with app.app_context():
        cache.cache.clear()
    aftersend.start(app)
    try:
        body, _ = served(app, PAGE)
        body.close()
    finally:
        aftersend.stop(app)
    with app.app_context():
        assert cache.cache.get(f"pagev2:es-ES:{PAGE}?page=1") is not None

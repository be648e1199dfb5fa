"""Work a request leaves until its response has been sent: cache writes the visitor need not
wait for.

``later(job)`` queues a job during a request; the page server in front of the app
(``storefront.pagecache.PageServer``) runs the queue, in the app's context, when the WSGI
server closes the response, which it does after sending it. A request that does not come
through that layer (a test request context, the start-up render) runs the job at once. A job
that fails is logged: the visitor already has the page, and a cache write that did not happen
only costs a later miss.

Under gunicorn the queue is handed to one background thread (``start``, from the worker's
``post_worker_init``) instead of being run in the request's thread: gunicorn takes the next
request of a keep-alive connection only once the last one's handler returns, so the page's
stores (~2-3 ms: a content copy, the page, its tag index) would otherwise delay the visitor's
next request on that connection. When that thread falls behind (``MAX_WAITING`` requests' work
queued), the request's own thread runs its work, so a burst of misses cannot queue without end.
The thread starts a request's work ``DELAY`` after the response went out: a browser's next
request on that connection (or another visitor's) arrives within it and gets the CPU first; its
own upstream wait then hides the writes (run at once, they competed with it for the GIL).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from flask import Flask, has_request_context, request

Job = Callable[[], object]
_KEY = "storefront.aftersend"  # environ key: the request's queue
EXTENSION = "storefront.aftersend"  # app.extensions key: the app's Runner, once started
MAX_WAITING = 256  # requests' work queued for the background thread before requests run their own
DELAY = 0.01  # seconds between a response's end and its deferred work on the background thread
log = logging.getLogger(__name__)


def later(job: Job) -> None:
    """Run ``job`` after the response is sent (at once outside the page server)."""
    jobs: list[Job] | None = request.environ.get(_KEY) if has_request_context() else None
    if jobs is None:
        job()
    else:
        jobs.append(job)


def expect(environ: dict[str, object]) -> list[Job]:
    """Give a request its queue (the page server does, before the app sees the request)."""
    jobs: list[Job] = []
    environ[_KEY] = jobs
    return jobs


def run(app: Flask, jobs: list[Job]) -> None:
    """Run the queued jobs in ``app``'s context, each on its own."""
    for job in jobs:
        try:
            with app.app_context():
                job()
        except Exception:
            log.warning("work after the response failed", exc_info=True)


def finish(app: Flask, jobs: list[Job]) -> None:
    """Run a sent request's jobs: on the app's background thread when started, else here."""
    runner: Runner | None = app.extensions.get(EXTENSION)
    if runner is None:
        run(app, jobs)
    else:
        runner.submit(jobs)


class Runner:
    """One daemon thread running requests' deferred work, in the order the requests ended."""

    def __init__(self, app: Flask, limit: int = MAX_WAITING) -> None:
        self.app = app
        self.waiting: queue.Queue[tuple[float, list[Job]] | None] = queue.Queue(limit)
        self.thread = threading.Thread(target=self._loop, name="storefront-aftersend", daemon=True)
        self.thread.start()

    def submit(self, jobs: list[Job]) -> None:
        """Queue one request's jobs; run them at once when the queue is full (back-pressure)."""
        try:
            self.waiting.put_nowait((time.monotonic() + DELAY, jobs))
        except queue.Full:
            run(self.app, jobs)

    def stop(self, timeout: float = 5.0) -> None:
        """Run what is queued, then end the thread (waits at most ``timeout`` seconds)."""
        try:
            self.waiting.put(None, timeout=timeout)
        except queue.Full:
            log.warning("deferred work still queued at exit was dropped (cache writes only)")
            return
        self.thread.join(timeout)

    def _loop(self) -> None:
        while (queued := self.waiting.get()) is not None:
            due, jobs = queued
            time.sleep(max(0.0, due - time.monotonic()))  # due times only grow: one FIFO
            run(self.app, jobs)


def start(app: Flask) -> Runner:
    """Give ``app`` its background thread for deferred work (once per process, after a fork)."""
    runner = app.extensions.get(EXTENSION)
    if runner is None:
        runner = app.extensions[EXTENSION] = Runner(app)
    return runner


def stop(app: Flask) -> None:
    """Drain and end ``app``'s background thread, if it has one; later work runs inline."""
    runner: Runner | None = app.extensions.pop(EXTENSION, None)
    if runner is not None:
        runner.stop()

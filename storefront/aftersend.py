"""Work a request leaves until its response has been sent: cache writes the visitor need not
wait for.

``later(job)`` queues a job during a request; the page server in front of the app
(``storefront.pagecache.PageServer``) runs the queue, in the app's context, when the WSGI
server closes the response, which it does after sending it. A request that does not come
through that layer (a test request context, the start-up render) runs the job at once. A job
that fails is logged: the visitor already has the page, and a cache write that did not happen
only costs a later miss.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, has_request_context, request

Job = Callable[[], object]
_KEY = "storefront.aftersend"  # environ key: the request's queue
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

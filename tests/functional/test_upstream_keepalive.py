"""The upstream clients keep connections open between requests, and drop an idle one before the
server would: Node's HTTP server (Medusa's), and the sandbox like it, closes one after 5 s, and
a request sent as it closes fails. Seen through httpcore's own connection log."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from sandbox.keepalive import IDLE_TIMEOUT
from sandbox.server import Sandbox
from storefront.clients.base import LIMITS
from storefront.clients.medusa import MedusaStoreClient

KEY = "pk_dev_sandbox_" + "0" * 52


class Connects(logging.Handler):
    """Counts the TCP connections httpcore opens to one port (other tests' background threads
    may open some to their own servers meanwhile)."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port, self.count = port, 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("connect_tcp.started") and f"port={self.port} " in message:
            self.count += 1


@pytest.fixture
def connects(box: Sandbox) -> Iterator[Connects]:
    port = int(box.urls["medusa"].rsplit(":", 1)[1])
    handler, logger = Connects(port), logging.getLogger("httpcore.connection")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_an_idle_connection_is_dropped_before_the_server_closes_it(
    box: Sandbox, connects: Connects
) -> None:
    assert LIMITS.keepalive_expiry is not None and LIMITS.keepalive_expiry < IDLE_TIMEOUT
    with MedusaStoreClient(box.urls["medusa"], KEY) as medusa:
        medusa.regions()
        medusa.regions()
        assert connects.count == 1  # kept open between requests
        time.sleep(LIMITS.keepalive_expiry + 0.2)  # idle longer than the client keeps it
        medusa.regions()
        assert connects.count == 2  # a new one, not the one the server is about to close

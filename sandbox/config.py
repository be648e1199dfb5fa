"""The sandbox's own settings: plain values handed in by whoever starts it.

The sandbox stands in for someone else's servers, so it imports neither ``storefront`` nor
``sync``; the ``storefront sandbox`` command maps the project's Settings onto this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class FaultSpec:
    """Injected trouble for one API: added latency and a share of 500/503 answers."""

    latency_ms: float = 0.0
    error_rate: float = 0.0


@dataclass(frozen=True)
class SandboxConfig:
    """Where the sandbox listens, what credentials it accepts, and how it misbehaves."""

    data_dir: Path = Path(".storefront")
    medusa_url: str = "http://127.0.0.1:9000"
    cda_url: str = "http://127.0.0.1:9100"
    preview_url: str = "http://127.0.0.1:9101"
    cma_url: str = "http://127.0.0.1:9102"
    space_id: str = "sandboxspace"
    environment: str = "master"
    delivery_token: str = "dev-delivery-token"
    preview_token: str = "dev-preview-token"
    management_token: str = "CFPAT-dev-management-token"
    webhook_secret: str = ""  # the space's signing secret; empty means unsigned deliveries
    # The same development values as config.settings, so both sides agree when nothing is set.
    publishable_key: str = "pk_dev_sandbox_" + "0" * 52
    api_key: str = "sk_dev_sandbox_" + "0" * 52  # Medusa secret API key (HTTP Basic user)
    admin_email: str = "admin@example.com"
    admin_password: str = "supersecret"  # Medusa's documented dev login
    redis_url: str = ""  # when set, Medusa events go to the Redis stream medusa:events
    cma_rate_limit: int = 10  # CMA requests per second; 0 turns the limiter off
    webhook_retry_delay: float = 30.0  # seconds between webhook delivery attempts
    webhook_timeout: float = 30.0
    seed: bool = True  # load the demo catalog into an empty data directory
    faults: dict[str, FaultSpec] = field(default_factory=dict)  # api name -> faults at start

    @property
    def db_path(self) -> Path:
        """The SQLite file holding both services' state."""
        return Path(self.data_dir) / "sandbox.sqlite"

    @property
    def events_path(self) -> Path:
        """The embedded event queue (SQLite) used when no Redis URL is set."""
        return Path(self.data_dir) / "events.sqlite"


def host_port(url: str) -> tuple[str, int]:
    """The (host, port) a service URL points at."""
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "127.0.0.1", default if parts.port is None else parts.port

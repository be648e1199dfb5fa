"""``storefront sync setup``: make the Contentful space ready for the sync, idempotently.

1. the ``product``, ``collection`` and ``category`` content types: created, or updated to our
   field definitions (fields the content team added are kept), then activated;
2. the locales: listed, with a warning when the space's default differs from the storefront's;
3. the webhook definition for ``{public_url}/hooks/contentful`` (Entry publish, unpublish, archive,
   delete in our environment), and the space's signing secret.
Every change is printed; a second run prints "nothing changed". A 401/403 exits non-zero.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from config.settings import Settings
from storefront.clients.errors import UpstreamError, UpstreamNotFound, UpstreamRejected
from sync.cma import CmaClient, Entity
from sync.content_model import CONTENT_TYPES, ContentTypeSpec, content_type_body, differences

WEBHOOK_NAME = "Storefront sync"
WEBHOOK_TOPICS = ["Entry.publish", "Entry.unpublish", "Entry.archive", "Entry.delete"]
Echo = Callable[[str], Any]


def run_setup(cma: CmaClient, settings: Settings, echo: Echo) -> list[str]:
    """Apply every step; returns the changes made. Raises ClickException on upstream errors."""
    try:
        changes = [line for spec in CONTENT_TYPES for line in ensure_content_type(cma, echo, spec)]
        check_locales(cma, settings, echo)
        changes += ensure_webhook(cma, settings, echo)
        changes += ensure_signing_secret(cma, settings.contentful_webhook_secret, echo)
    except UpstreamRejected as exc:
        if exc.status in (401, 403):
            raise click.ClickException(
                f"Contentful refused the management token ({exc.status}: {exc.message}). "
                "Check CONTENTFUL_MANAGEMENT_TOKEN and its access to "
                f"space {settings.contentful_space_id!r}."
            ) from exc
        raise click.ClickException(f"setup failed: {exc}") from exc
    except UpstreamError as exc:
        raise click.ClickException(f"setup failed, Contentful unavailable: {exc}") from exc
    if not changes:
        echo("nothing changed")
    return changes


def _get(cma: CmaClient, path: str) -> Entity | None:
    """GET an entity, None on 404."""
    try:
        return dict(cma.request("GET", path).json())
    except UpstreamNotFound:
        return None


def ensure_content_type(cma: CmaClient, echo: Echo, spec: ContentTypeSpec) -> list[str]:
    """Create or update one content type, then make sure the active version is current."""
    path = cma.env_path("content_types", spec.id)
    current = _get(cma, path)
    changes: list[str] = []
    if current is None:
        current = dict(cma.request("PUT", path, json=content_type_body(spec=spec)).json())
        changes.append(f"content type {spec.id}: created")
    elif diffs := differences(current, spec):
        body = content_type_body(current.get("fields"), spec)
        headers = {"X-Contentful-Version": str(current["sys"]["version"])}
        current = dict(cma.request("PUT", path, json=body, headers=headers).json())
        changes.append(f"content type {spec.id}: updated ({'; '.join(diffs)})")
    sys = current["sys"]
    if sys.get("publishedVersion") is None or sys["version"] != sys["publishedVersion"] + 1:
        headers = {"X-Contentful-Version": str(sys["version"])}
        cma.request("PUT", f"{path}/published", headers=headers)
        changes.append(f"content type {spec.id}: activated")
    for line in changes:
        echo(line)
    return changes


def check_locales(cma: CmaClient, settings: Settings, echo: Echo) -> None:
    """Print the locales and their fallbacks; warn when the defaults disagree."""
    items = cma.request("GET", cma.env_path("locales")).json().get("items", [])
    described = [
        f"{loc['code']}{' (default)' if loc.get('default') else ''}"
        + (f" -> {loc['fallbackCode']}" if loc.get("fallbackCode") else "")
        for loc in items
    ]
    echo(f"locales: {', '.join(described)}")
    default = next((loc["code"] for loc in items if loc.get("default")), None)
    if default != settings.default_locale:
        echo(
            f"warning: Contentful's default locale is {default}, the storefront's is "
            f"{settings.default_locale} (STOREFRONT_DEFAULT_LOCALE); sync writes {default}"
        )


def webhook_body(settings: Settings) -> dict[str, Any]:
    """The webhook definition sync wants."""
    return {
        "name": WEBHOOK_NAME,
        "url": f"{settings.public_url.rstrip('/')}/hooks/contentful",
        "topics": list(WEBHOOK_TOPICS),
        "filters": [
            {"equals": [{"doc": "sys.environment.sys.id"}, settings.contentful_environment]}
        ],
        "headers": [],
    }


def ensure_webhook(cma: CmaClient, settings: Settings, echo: Echo) -> list[str]:
    """Create the definition, or update it when its url, topics or filters drifted."""
    wanted = webhook_body(settings)
    listing = cma.request("GET", cma.space_path("webhook_definitions")).json()
    found = [
        hook for hook in listing.get("items", [])
        if hook.get("name") == WEBHOOK_NAME or hook.get("url") == wanted["url"]
    ]  # fmt: skip
    if not found:
        cma.request("POST", cma.space_path("webhook_definitions"), json=wanted)
        return _said(echo, f"webhook: created for {wanted['url']}")
    hook = found[0]
    keys = ("name", "url", "topics", "filters")
    if all(_same(hook.get(k), wanted[k]) for k in keys):
        return []
    path = cma.space_path("webhook_definitions", hook["sys"]["id"])
    headers = {"X-Contentful-Version": str(hook["sys"]["version"])}
    cma.request("PUT", path, json=wanted, headers=headers)
    return _said(echo, f"webhook: updated to {wanted['url']} ({', '.join(wanted['topics'])})")


def _same(current: Any, wanted: Any) -> bool:
    """Equal, treating topic lists as sets."""
    if (
        isinstance(current, list)
        and isinstance(wanted, list)
        and all(isinstance(v, str) for v in wanted)
    ):
        return sorted(map(str, current)) == sorted(wanted)
    return bool(current == wanted)


def ensure_signing_secret(cma: CmaClient, secret: str, echo: Echo) -> list[str]:
    """Set the space's signing secret unless its visible last four characters already match."""
    path = cma.space_path("webhook_settings", "signing_secret")
    current = _get(cma, path)
    if current is not None and current.get("redactedValue") == secret[-4:]:
        return []
    cma.request("PUT", path, json={"value": secret})
    return _said(echo, "webhook signing secret: set (CONTENTFUL_WEBHOOK_SECRET)")


def _said(echo: Echo, line: str) -> list[str]:
    """Print a change and return it as a one-item list."""
    echo(line)
    return [line]

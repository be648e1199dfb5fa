"""The first view after a translator publishes: a Spanish title through the sandbox's CMA.

The sandbox delivers the signed ``Entry.publish`` webhook to the storefront's
``/hooks/contentful`` (registered by ``storefront sync setup``), which purges the product's tags
and re-warms its cached pages in the background. Once the delivery is done and the re-warm has
had ``settle`` seconds, the first GET is timed and checked for the new title. Publishes are
spaced by more than the re-warm lock (``rewarm.LOCK_SECONDS``, counted from the delivery): a
second change to the same product inside it is not re-warmed, and its first visitor renders
the page.
"""

from __future__ import annotations

import re
import statistics
import time

import httpx

from config.settings import Settings
from storefront import rewarm

PRODUCT = "organic-cotton-tshirt"
SPANISH = f"/products/{PRODUCT}?lang=es"
CMA_TYPE = "application/vnd.contentful.management.v1+json"


def _cma(env: dict[str, str]) -> httpx.Client:
    settings = Settings()
    root = (f"{env['CONTENTFUL_CMA_URL']}/spaces/{settings.contentful_space_id}"
            f"/environments/{settings.contentful_environment}")  # fmt: skip
    headers = {"authorization": f"Bearer {settings.contentful_management_token}",
               "content-type": CMA_TYPE}  # fmt: skip
    return httpx.Client(base_url=root, headers=headers, timeout=10)


def _entry_id(env: dict[str, str]) -> str:
    auth = (Settings().medusa_api_key, "")
    found = httpx.get(f"{env['MEDUSA_URL']}/admin/products", params={"handle": PRODUCT},
                      auth=auth, timeout=10).raise_for_status()  # fmt: skip
    return str(found.json()["products"][0]["id"])


def publish_title(cma: httpx.Client, entry_id: str, title: str) -> None:
    """A translator's edit: the whole entry PUT back with a new es-ES title, then published."""
    entry = cma.get(f"/entries/{entry_id}").raise_for_status().json()
    entry["fields"]["title"]["es-ES"] = title
    saved = cma.put(f"/entries/{entry_id}", json={"fields": entry["fields"]},
                    headers={"x-contentful-version": str(entry["sys"]["version"])})  # fmt: skip
    version = str(saved.raise_for_status().json()["sys"]["version"])
    done = cma.put(f"/entries/{entry_id}/published", headers={"x-contentful-version": version})
    done.raise_for_status()


def wait_for_deliveries(env: dict[str, str], timeout: float = 10) -> float:
    """Until the sandbox's webhook worker has nothing queued; the seconds waited."""
    started = time.monotonic()
    while time.monotonic() < started + timeout:
        answer = httpx.get(f"{env['CONTENTFUL_CMA_URL']}/_sandbox/webhooks/idle", timeout=5)
        if answer.json()["idle"]:
            return time.monotonic() - started
        time.sleep(0.01)
    raise RuntimeError("webhook deliveries did not finish")


def _heading(text: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", text)
    return found.group(1) if found else ""


def first_views_after_publish(
    env: dict[str, str], base: str, count: int, settle: float = 1.0
) -> list[str]:
    """Publish ``count`` new Spanish titles; time the first view after each."""
    entry_id, views, delivered, fresh = _entry_id(env), [], [], 0
    last = float("-inf")
    with _cma(env) as cma, httpx.Client() as client:
        for n in range(count):
            client.get(base + SPANISH)  # cached before the change, as on a live shop
            time.sleep(max(0.0, last + rewarm.LOCK_SECONDS + 0.2 - time.monotonic()))
            title = f"Camiseta Renovada {n}"
            publish_title(cma, entry_id, title)
            delivered.append(wait_for_deliveries(env) * 1000)
            last = time.monotonic()  # the re-warm lock was taken during the delivery
            time.sleep(settle)
            started = time.perf_counter()
            page = client.get(base + SPANISH)
            views.append((time.perf_counter() - started) * 1000)
            fresh += _heading(page.text) == title
    if not views:
        return ["first view after a publish: skipped (--publishes 0)"]
    return [
        f"first view after a publish ({count} es-ES title changes; webhook delivered in "
        f"{statistics.median(delivered):.0f} ms p50, then {settle:.1f} s for the re-warm): "
        f"p50 {statistics.median(views):.1f} ms, worst {max(views):.1f} ms (goal: < 20 ms); "
        f"{fresh} of {count} already showed the new title; each: "
        + ", ".join(f"{view:.1f}" for view in views)
        + " ms"
    ]

"""Never lose a translation, under real concurrency: while the sync rewrites a product's
default-locale title over and over, translators write the German and Spanish titles at once.

The sync's read-merge-write retries on 409; the sandbox lets exactly one of several same-version
writes through (as Contentful does), so the last of each side's values survives.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import httpx

from sandbox.server import Sandbox
from sync.cma import CmaClient
from sync.medusa_admin import MedusaAdmin
from sync.writer import EntryWriter
from tests.conftest import SandboxFactory

ROUNDS = 12
TRANSLATED = ("de-DE", "es-ES")  # one translator per locale, all at once
ENV = "/spaces/sandboxspace/environments/master"


def _translate(box: Sandbox, entry_id: str, locale: str, title: str) -> None:
    """A translator's tool: read, set one locale's title, write with the version, retry on 409."""
    headers = {"Authorization": f"Bearer {box.config.management_token}"}
    with httpx.Client(base_url=box.urls["cma"] + ENV, headers=headers) as http:
        while True:
            entry = http.get(f"/entries/{entry_id}").json()
            entry["fields"]["title"][locale] = title
            r = http.put(
                f"/entries/{entry_id}", content=json.dumps({"fields": entry["fields"]}),
                headers={"X-Contentful-Version": str(entry["sys"]["version"])},
            )  # fmt: skip
            if r.status_code != 409:
                assert r.status_code == 200, r.text
                return


def test_parallel_sync_writes_and_translations_keep_both(make_sandbox: SandboxFactory) -> None:
    box = make_sandbox()
    admin = MedusaAdmin(box.urls["medusa"], box.config.api_key)
    cma = CmaClient(box.urls["cma"], box.config.management_token, box.config.space_id)
    writer = EntryWriter(cma, "en-US")
    product_id = _product_with_entry(box)
    product: dict[str, Any] = admin.product(product_id) or {}
    errors: list[BaseException] = []

    def sync_side() -> None:
        try:
            for i in range(ROUNDS):
                writer.upsert({**product, "title": f"Title {i}"})
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    def translator_side(locale: str) -> None:
        try:
            for i in range(ROUNDS):
                _translate(box, product_id, locale, f"{locale} {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sync_side)] + [
        threading.Thread(target=translator_side, args=(loc,)) for loc in TRANSLATED
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    title = cma.get_entry(product_id)["fields"]["title"]  # type: ignore[index]
    assert title == {
        "en-US": f"Title {ROUNDS - 1}",
        **{loc: f"{loc} {ROUNDS - 1}" for loc in TRANSLATED},
    }


def _product_with_entry(box: Sandbox) -> str:
    headers = {"Authorization": f"Bearer {box.config.management_token}"}
    entries = httpx.get(
        f"{box.urls['cma']}{ENV}/entries", params={"content_type": "product"}, headers=headers
    ).json()["items"]
    entry = next(e for e in entries if "de-DE" in e["fields"].get("title", {}))
    return str(entry["sys"]["id"])

"""The sync worker against a real sandbox: creates, updates, translations, skips, races."""

from __future__ import annotations

from typing import Any

from tests.functional.sync_helpers import (
    Counter,
    built,
    cma,
    create_product,
    drain,
    entries_for,
    entry,
    queue_of,
    update_product,
)


def test_created_product_becomes_an_entry_with_managed_fields(env: Any) -> None:
    box, settings = env
    changed: list[str] = []
    product_id = create_product(box, "Wool Scarf", subtitle="Warm", weight=120.0, handle="scarf")
    parts = built(settings, on_product_changed=changed.append)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    stored = entry(box, product_id)
    assert stored is not None and stored["sys"]["contentType"]["sys"]["id"] == "product"
    fields = stored["fields"]
    assert fields["medusaId"] == {"en-US": product_id}
    assert fields["title"] == {"en-US": "Wool Scarf"} and fields["subtitle"] == {"en-US": "Warm"}
    assert fields["handle"] == {"en-US": "scarf"} and fields["weight"] == {"en-US": 120}
    assert "description" not in fields  # Medusa has none: no empty value is written
    assert product_id in changed  # product.created and product-variant.* both notify
    assert queue_of(settings).stats().dead == 0


def test_repeated_create_makes_no_duplicate(env: Any) -> None:
    box, settings = env
    product_id = create_product(box, "Linen Cap")
    queue = queue_of(settings)
    for _ in range(2):  # the same event delivered again, and an update racing it
        queue.publish("product.created", product_id, {"id": product_id})
    queue.publish("product.updated", product_id, {"id": product_id})
    parts = built(settings)
    try:
        drain(settings, parts, concurrency=3)
    finally:
        parts.close()
    assert len(entries_for(box, product_id)) == 1
    stored = entry(box, product_id)
    assert stored is not None and stored["sys"]["version"] == 1  # created once, never rewritten
    assert queue.stats().dead == 0


def test_unchanged_product_costs_exactly_one_cma_read(env: Any) -> None:
    box, settings = env
    product_id = create_product(box, "Canvas Apron")
    counter = Counter()
    parts = built(settings, counter)
    try:
        drain(settings, parts)
        counter.clear()
        queue_of(settings).publish("product.updated", product_id, {"id": product_id})
        drain(settings, parts)
    finally:
        parts.close()
    assert [(method, status) for method, _, status, _ in counter.seen] == [("GET", 200)]


def test_update_keeps_translations_unmanaged_fields_and_tags(env: Any) -> None:
    box, settings = env
    product_id = create_product(box, "Cotton Tee", description="Soft tee")
    parts = built(settings)
    try:
        drain(settings, parts)
        translated = _translate(box, product_id)
        update_product(box, product_id, title="Cotton Tee v2", subtitle="Now organic")
        drain(settings, parts)
    finally:
        parts.close()
    after = entry(box, product_id)
    assert after is not None
    expected = translated["fields"]
    expected["title"] = {**expected["title"], "en-US": "Cotton Tee v2"}
    expected["subtitle"] = {"en-US": "Now organic"}
    assert after["fields"] == expected
    assert after["metadata"] == translated["metadata"]


def _translate(box: Any, product_id: str) -> dict[str, Any]:
    """What translators and editors do in the web app: es-ES, de-DE, SEO fields and a tag."""
    with cma(box) as client:
        current = client.get(f"/entries/{product_id}").json()
        fields = current["fields"]
        fields["title"].update({"es-ES": "Camiseta", "de-DE": "T-Shirt"})
        fields["description"].update({"es-ES": "Suave", "de-DE": "Weich"})
        fields["seoTitle"] = {"en-US": "Buy the tee", "es-ES": "Compra", "de-DE": "Kaufen"}
        fields["careInstructions"] = {"de-DE": "30 Grad"}
        metadata = {"tags": [{"sys": {"type": "Link", "linkType": "Tag", "id": "summer"}}]}
        body = {"fields": fields, "metadata": metadata}
        headers = {"X-Contentful-Version": str(current["sys"]["version"])}
        response = client.put(f"/entries/{product_id}", json=body, headers=headers)
        response.raise_for_status()
        return dict(response.json())


class EditorRacingGuard:
    """A guard that lets a translator save the entry right before sync's first write."""

    def __init__(self, box: Any) -> None:
        self.box, self.calls, self.raced = box, 0, False

    def before_write(self, product_id: str, content_hash: str) -> None:
        self.calls += 1
        if not self.raced and entry(self.box, product_id) is not None:
            self.raced = True
            _translate(self.box, product_id)


def test_version_conflict_rereads_and_loses_no_translation(env: Any) -> None:
    box, settings = env
    product_id = create_product(box, "Cotton Tee", description="Soft tee")
    plain = built(settings)
    try:
        drain(settings, plain)
    finally:
        plain.close()
    update_product(box, product_id, title="Cotton Tee v3")
    guard = EditorRacingGuard(box)
    counter = Counter()
    parts = built(settings, counter, guard=guard)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    assert guard.raced and guard.calls == 2  # the first write lost the race and was redone
    assert (
        "PUT",
        f"/spaces/{box.config.space_id}/environments/master/entries/{product_id}",
        409,
    ) in [s[:3] for s in counter.seen]
    fields = (entry(box, product_id) or {})["fields"]
    assert fields["title"] == {"en-US": "Cotton Tee v3", "es-ES": "Camiseta", "de-DE": "T-Shirt"}
    assert fields["seoTitle"]["de-DE"] == "Kaufen"


def test_many_events_for_one_product_on_several_threads_end_consistent(env: Any) -> None:
    box, settings = env
    product_id = create_product(box, "Title 0")
    parts = built(settings)
    try:
        drain(settings, parts)
        _translate_title(box, product_id)
        for number in range(1, 6):
            update_product(box, product_id, title=f"Title {number}")
        drain(settings, parts, concurrency=4)
    finally:
        parts.close()
    fields = (entry(box, product_id) or {})["fields"]
    assert fields["title"] == {"en-US": "Title 5", "es-ES": "Título"}
    assert queue_of(settings).stats().dead == 0


def _translate_title(box: Any, product_id: str) -> None:
    with cma(box) as client:
        current = client.get(f"/entries/{product_id}").json()
        current["fields"]["title"]["es-ES"] = "Título"
        headers = {"X-Contentful-Version": str(current["sys"]["version"])}
        client.put(f"/entries/{product_id}", json={"fields": current["fields"]}, headers=headers)

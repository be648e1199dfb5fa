"""Collections and categories follow Medusa into Contentful; translations and labels survive."""

from __future__ import annotations

from typing import Any

from sandbox.medusa.ids import seeded_id
from tests.functional.sync_helpers import admin, built, cma, drain, entry, queue_of, update_product

SUMMER = seeded_id("pcol", "summer-essentials")


def _run(
    settings: Any, changed: list[str] | None = None, products: list[str] | None = None
) -> None:
    """Drain the queue; taxonomy purges go to ``changed``, product purges to ``products``."""
    parts = built(
        settings,
        on_taxonomy_changed=changed.append if changed is not None else None,
        on_product_changed=products.append if products is not None else None,
    )
    try:
        drain(settings, parts)
    finally:
        parts.close()


def _edit(box: Any, entry_id: str, name: str, locale: str, value: Any) -> None:
    """An editor's write of one locale through the CMA (read, change, PUT at the version)."""
    current = entry(box, entry_id)
    assert current is not None
    current["fields"].setdefault(name, {})[locale] = value
    with cma(box) as client:
        headers = {"X-Contentful-Version": str(current["sys"]["version"])}
        client.put(f"/entries/{entry_id}", json={"fields": current["fields"]}, headers=headers
                   ).raise_for_status()  # fmt: skip


def test_a_new_collection_gets_its_entry_and_a_rename_keeps_its_spanish_title(env: Any) -> None:
    box, settings = env
    changed: list[str] = []
    products: list[str] = []
    with admin(box) as client:
        created = client.post("/admin/collections", json={"title": "Rainy Days"}).json()
    collection_id = created["collection"]["id"]
    _run(settings, changed, products)
    stored = entry(box, collection_id)
    assert stored is not None and stored["sys"]["contentType"]["sys"]["id"] == "collection"
    assert stored["fields"]["medusaId"] == {"en-US": collection_id}
    assert stored["fields"]["handle"] == {"en-US": "rainy-days"}
    assert stored["fields"]["title"] == {"en-US": "Rainy Days"}
    assert collection_id in changed  # the storefront's taxonomy purge ran
    assert collection_id not in products
    _edit(box, collection_id, "title", "es-ES", "Días de lluvia")
    _edit(box, collection_id, "seoDescription", "de-DE", "Für Regentage")
    with admin(box) as client:
        client.post(f"/admin/collections/{collection_id}", json={"title": "Rainy Season"}
                    ).raise_for_status()  # fmt: skip
    _run(settings)
    fields = (entry(box, collection_id) or {})["fields"]
    assert fields["title"] == {"en-US": "Rainy Season", "es-ES": "Días de lluvia"}
    assert fields["seoDescription"] == {"de-DE": "Für Regentage"}
    assert queue_of(settings).stats().dead == 0


def test_a_deleted_collection_is_archived_and_a_stale_delete_does_nothing(env: Any) -> None:
    box, settings = env
    queue_of(settings).publish("product-collection.deleted", SUMMER, {"id": SUMMER})
    _run(settings)
    assert (entry(box, SUMMER) or {})["sys"].get("archivedVersion") is None  # still in Medusa
    with admin(box) as client:
        created = client.post("/admin/collections", json={"title": "Gone Soon"}).json()
        collection_id = created["collection"]["id"]
        _run(settings)
        assert client.delete(f"/admin/collections/{collection_id}").json()["deleted"] is True
    _run(settings)
    archived = entry(box, collection_id)
    assert archived is not None and archived["sys"].get("archivedVersion")


def test_a_category_links_its_parent_and_deletes_follow_the_delete_mode(
    make_sandbox: Any, tmp_path: Any
) -> None:
    from tests.functional.sync_helpers import start

    box, settings = start(make_sandbox, tmp_path, sync_delete_mode="delete")
    parent = seeded_id("pcat", "apparel")
    with admin(box) as client:
        body = {"name": "Rain Jackets", "parent_category_id": parent, "is_active": True}
        category_id = client.post("/admin/product-categories", json=body).json()[
            "product_category"
        ]["id"]
        _run(settings)
        fields = (entry(box, category_id) or {})["fields"]
        assert fields["title"] == {"en-US": "Rain Jackets"}
        assert fields["parent"]["en-US"]["sys"] == {
            "type": "Link",
            "linkType": "Entry",
            "id": parent,
        }
        client.post(f"/admin/product-categories/{category_id}", json={"name": "Rainwear"}
                    ).raise_for_status()  # fmt: skip
        _run(settings)
        assert (entry(box, category_id) or {})["fields"]["title"] == {"en-US": "Rainwear"}
        client.delete(f"/admin/product-categories/{category_id}").raise_for_status()
    _run(settings)
    assert entry(box, category_id) is None


def test_option_labels_get_the_identity_map_and_translations_stay(env: Any) -> None:
    box, settings = env
    tshirt = seeded_id("prod", "organic-cotton-tshirt")
    before = entry(box, tshirt)
    assert before is not None
    update_product(box, tshirt, title="Organic Cotton Tee")
    _run(settings)
    fields = (entry(box, tshirt) or {})["fields"]
    assert fields["title"]["en-US"] == "Organic Cotton Tee"
    assert fields["optionLabels"]["en-US"] == {
        "Size": "Size", "S": "S", "M": "M", "L": "L",
        "Color": "Color", "White": "White", "Black": "Black",
    }  # fmt: skip
    assert fields["optionLabels"]["es-ES"] == before["fields"]["optionLabels"]["es-ES"]
    assert fields["material"] == before["fields"]["material"]  # Medusa's material unchanged
    assert fields["title"]["es-ES"] == before["fields"]["title"]["es-ES"]

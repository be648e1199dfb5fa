"""A publish is refused while a value fails its field's ``regexp`` or ``unique`` validation.

Real Contentful saves any draft its field types allow and checks validations when the entry is
published: the slug field's pattern and uniqueness are what keep two products from one URL.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.contentful.common import KIND_ENTRY
from sandbox.server import Sandbox
from tests.sandbox.test_contentful_cma_rules import Api

PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
FIELDS = [
    {"id": "title", "name": "Title", "type": "Symbol", "localized": True},
    {"id": "slug", "name": "Slug", "type": "Symbol", "localized": True,
     "validations": [{"regexp": {"pattern": PATTERN, "flags": None},
                      "message": "Lowercase words and hyphens."}, {"unique": True}]},
]  # fmt: skip


@pytest.fixture
def api(empty_sandbox: Sandbox) -> Api:
    api = Api(empty_sandbox)
    spanish = {"code": "es-ES", "name": "Spanish", "fallbackCode": "en-US", "optional": True}
    api.product_type(spanish, FIELDS)
    return api


def slugged(api: Api, id: str, **slugs: str) -> dict[str, Any]:
    """A draft product with ``slugs`` by locale (es_ES=... for es-ES)."""
    by_locale = {locale.replace("_", "-"): slug for locale, slug in slugs.items()}
    return api.entry(id, {"title": {"en-US": id}, "slug": by_locale})


def publish(api: Api, id: str, version: int = 1) -> Any:
    return api("PUT", f"/entries/{id}/published", version=version)


def test_a_slug_off_the_pattern_is_refused_and_the_entry_stays_a_draft(api: Api) -> None:
    slugged(api, "p1", en_US="cotton-tee", es_ES="Camiseta_Algodón")
    answer = publish(api, "p1")
    assert answer.status_code == 422
    body = answer.json()
    assert (body["sys"]["id"], body["message"]) == ("InvalidEntry", "Validation error")
    assert body["details"]["errors"] == [
        {"name": "regexp", "details": f"Does not match /{PATTERN}/",
         "path": ["fields", "slug", "es-ES"], "value": "Camiseta_Algodón"}
    ]  # fmt: skip
    assert "publishedVersion" not in api("GET", "/entries/p1").json()["sys"]


def test_a_slug_another_published_entry_has_in_that_locale_is_refused(api: Api) -> None:
    slugged(api, "p1", en_US="cotton-tee", es_ES="camiseta")
    assert publish(api, "p1").status_code == 200
    slugged(api, "p2", en_US="linen-tee", es_ES="camiseta")
    answer = publish(api, "p2")
    assert answer.status_code == 422
    assert answer.json()["details"]["errors"] == [
        {"name": "unique", "details": "Same field value present in other entry",
         "path": ["fields", "slug", "es-ES"], "value": "camiseta",
         "conflicting": [{"sys": {"type": "Link", "linkType": "Entry", "id": "p1"}}]}
    ]  # fmt: skip
    fields = {"title": {"en-US": "p2"}, "slug": {"en-US": "linen-tee", "es-ES": "camisa"}}
    assert api("PUT", "/entries/p2", {"fields": fields}, version=1).status_code == 200
    assert publish(api, "p2", version=2).status_code == 200


def test_the_same_slug_in_another_locale_or_on_a_draft_does_not_clash(api: Api) -> None:
    slugged(api, "p1", en_US="camiseta")
    assert publish(api, "p1").status_code == 200
    slugged(api, "p2", en_US="linen-tee", es_ES="camiseta")  # es-ES, not en-US
    slugged(api, "p3", en_US="wool-tee")
    slugged(api, "p4", en_US="wool-tee")  # two drafts: only published entries count
    assert publish(api, "p2").status_code == 200
    assert publish(api, "p3").status_code == 200
    assert publish(api, "p4").status_code == 422


def test_an_entry_republished_with_its_own_slug_does_not_clash_with_itself(api: Api) -> None:
    slugged(api, "p1", en_US="cotton-tee")
    assert publish(api, "p1").status_code == 200
    assert publish(api, "p1", version=2).status_code == 200


def test_a_bulk_publish_fails_naming_the_entry_whose_slug_clashes(api: Api) -> None:
    slugged(api, "p1", en_US="cotton-tee")
    assert publish(api, "p1").status_code == 200
    slugged(api, "p2", en_US="cotton-tee")
    slugged(api, "p3", en_US="linen-tee")
    items = [{"sys": {"type": "Link", "linkType": "Entry", "id": id, "version": 1}}
             for id in ("p2", "p3")]  # fmt: skip
    body = {"entities": {"sys": {"type": "Array"}, "items": items}}
    created = api("POST", "/bulk_actions/publish", body)
    assert created.status_code == 201, created.text
    action = api("GET", f"/bulk_actions/actions/{created.json()['sys']['id']}").json()
    assert action["sys"]["status"] == "failed"
    [failed] = action["error"]["details"]["errors"]
    assert failed["entity"]["sys"]["id"] == "p2"
    assert failed["error"]["details"]["errors"][0]["name"] == "unique"
    assert "publishedVersion" not in api("GET", "/entries/p3").json()["sys"]  # all or none


def test_a_bulk_publish_reads_the_published_entries_once_for_all_its_items(
    api: Api, empty_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = []
    assert empty_sandbox.context is not None
    store = empty_sandbox.context.store
    real = store.all_published
    monkeypatch.setattr(store, "all_published", lambda kind: reads.append(kind) or real(kind))
    for n in range(5):
        slugged(api, f"p{n}", en_US=f"tee-{n}")
    items = [{"sys": {"type": "Link", "linkType": "Entry", "id": f"p{n}", "version": 1}}
             for n in range(5)]  # fmt: skip
    body = {"entities": {"sys": {"type": "Array"}, "items": items}}
    created = api("POST", "/bulk_actions/publish", body)
    action = api("GET", f"/bulk_actions/actions/{created.json()['sys']['id']}").json()
    assert action["sys"]["status"] == "succeeded"
    assert reads.count(KIND_ENTRY) == 1  # was once per item: a 200-item action read them 200 times

"""No cold start: what every page reads loads before the first request, in parallel."""

from __future__ import annotations

from sandbox.server import Sandbox
from storefront import services, startup
from tests.functional.storefront_helpers import (
    TSHIRT,
    count_requests,
    set_faults,
    storefront,
)


def test_after_warm_up_the_first_page_fetches_only_its_own_data(box: Sandbox) -> None:
    with storefront(box) as app:
        record = count_requests(app)
        assert services.current_for(app).warm_up() == []
        warmed = sorted(record.seen)
        record.clear()
        assert app.test_client().get(f"/products/{TSHIRT}?lang=es").status_code == 200
        paths = [path for _, path in record.seen]
    assert any(p.endswith("/locales") for _, p in warmed)
    assert any(p == "/store/regions" for _, p in warmed)
    assert any(p == "/store/collections" for _, p in warmed)
    assert not [
        p for p in paths if p.endswith(("/locales", "/store/regions", "/store/collections"))
    ]


def test_startup_warm_up_leaves_the_first_page_only_its_product(box: Sandbox) -> None:
    with storefront(box) as app:
        assert startup.warm_up(app) == []
        record = count_requests(app)
        assert app.test_client().get(f"/products/{TSHIRT}?lang=es").status_code == 200
    # Slug indexes, categories and collection/category content were loaded at start: the
    # page asked only for its product, from each upstream, at the same time.
    assert sorted(p for _, p in record.seen) == [
        "/spaces/sandboxspace/environments/master/entries",
        "/store/products",
    ]


def test_warm_up_with_medusa_down_reports_it_and_the_shop_still_starts(box: Sandbox) -> None:
    set_faults(box, "medusa", error_rate=1.0)
    try:
        with storefront(box) as app:
            missing = services.current_for(app).warm_up(budget=5)
            assert "regions" in missing
            assert "locales" not in missing
            assert app.test_client().get("/healthz").status_code == 200
    finally:
        set_faults(box, "medusa")

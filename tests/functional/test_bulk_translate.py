"""``storefront translate --to``: fills only the empty target locale, never anything else."""

from __future__ import annotations

import copy
import io
import re
from typing import Any

from click.testing import CliRunner

from cli.translate import translate_group
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_translate_entries
from sync.bulk.translate import TranslateOptions, text_nodes
from tests.functional.sync_helpers import cma, stored


def entries(box: Any) -> dict[str, dict[str, Any]]:
    with cma(box) as client:
        items = client.get("/entries", params={"content_type": "product", "limit": "1000"})
    return {e["sys"]["id"]: e for e in items.json()["items"]}


def run(settings: Any, options: TranslateOptions) -> Reporter:
    reporter = Reporter("translate", fancy=False, stream=io.StringIO())
    run_translate_entries(settings, reporter, options, "pseudo")
    return reporter


def shape(node: dict[str, Any]) -> Any:
    """A rich text tree without its text: node types, marks and data."""
    return {
        "nodeType": node.get("nodeType"),
        "marks": node.get("marks"),
        "data": node.get("data"),
        "content": [shape(c) for c in node.get("content") or []],
    }


def test_fills_empty_target_only_and_keeps_everything_else(env: Any) -> None:
    box, settings = env
    before = entries(box)
    reporter = run(settings, TranslateOptions("es-ES"))
    assert not reporter.failed and reporter.counts["translated"] > 0
    after = entries(box)
    for entry_id, old in before.items():
        new = after[entry_id]
        for name, values in old["fields"].items():
            for locale, value in values.items():
                if isinstance(value, dict) and name == "optionLabels":  # labels only grow
                    assert value.items() <= new["fields"][name][locale].items()
                elif locale != "es-ES" or value not in (None, ""):
                    assert new["fields"][name][locale] == value  # nothing existing was touched
        for name, values in new["fields"].items():
            assert set(values) - {"es-ES"} == set(old["fields"].get(name, {})) - {"es-ES"}
    tshirt = next(
        e for e in before.values() if e["fields"]["handle"]["en-US"] == "organic-cotton-tshirt"
    )
    assert (
        after[tshirt["sys"]["id"]]["fields"]["title"]["es-ES"] == tshirt["fields"]["title"]["es-ES"]
    )
    filled = [e for i, e in after.items() if "es-ES" not in before[i]["fields"].get("title", {})]
    assert filled, "the seed should have products without es-ES"
    sample = filled[0]["fields"]
    assert (
        sample["title"]["es-ES"].startswith("[")
        and sample["title"]["es-ES"] != sample["title"]["en-US"]
    )
    rich = [e["fields"]["richDescription"] for e in filled if "richDescription" in e["fields"]]
    assert rich, "the seed should have rich text without es-ES"
    source, target = rich[0]["en-US"], rich[0]["es-ES"]
    assert shape(target) == shape(source)  # node by node: the structure is kept
    pairs = zip(text_nodes(target), text_nodes(source), strict=True)
    assert all(t["value"] != s["value"] for t, s in pairs if s["value"].strip())


def test_second_run_is_unchanged_and_overwrite_replaces(env: Any) -> None:
    box, settings = env
    run(settings, TranslateOptions("es-ES", fields=("title",)))
    again = run(settings, TranslateOptions("es-ES", fields=("title",)))
    assert set(again.counts) == {"unchanged"}
    tshirt_id = next(
        i
        for i, e in entries(box).items()
        if e["fields"]["handle"]["en-US"] == "organic-cotton-tshirt"
    )
    before = copy.deepcopy(stored(box, tshirt_id))
    assert before is not None
    run(settings, TranslateOptions("es-ES", fields=("title",), overwrite=True))
    after = stored(box, tshirt_id)
    assert after is not None
    assert after["fields"]["title"]["es-ES"] == "[Ôŕĝàñîç Çôţţôñ Ţ-Šĥîŕţ]"
    assert after["fields"]["subtitle"] == before["fields"]["subtitle"]  # not in --fields
    assert after["fields"]["title"]["de-DE"] == before["fields"]["title"]["de-DE"]


def test_publish_and_dry_run(env: Any) -> None:
    box, settings = env
    dry = run(settings, TranslateOptions("de-DE", dry_run=True))
    assert dry.counts["would translate"] > 0
    published = run(settings, TranslateOptions("de-DE", fields=("title",), publish=True))
    assert (
        published.counts["translated+published"] == dry.counts["would translate"]
        or published.counts["translated+published"] > 0
    )
    done = [e for e in entries(box).values() if e["sys"].get("publishedVersion")]
    assert all(
        e["sys"]["version"] == e["sys"]["publishedVersion"] + 1
        for e in done
        if "de-DE" in e["fields"]["title"]
    )


def test_cli_needs_to_and_refuses_unknown_locale(env: Any) -> None:
    box, settings = env
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
    }
    missing = CliRunner().invoke(translate_group, [], env=env_vars)
    assert missing.exit_code == 2 and "--to" in missing.output
    unknown = CliRunner().invoke(translate_group, ["--to", "xx-XX"], env=env_vars)
    assert unknown.exit_code == 1 and "no locale 'xx-XX'" in unknown.output
    bad_field = CliRunner().invoke(
        translate_group, ["--to", "es-ES", "--fields", "medusaId"], env=env_vars
    )
    assert bad_field.exit_code == 1 and "not a localized text field" in bad_field.output
    listing = CliRunner().invoke(translate_group, ["--help"])
    assert all(name in listing.output for name in ("extract", "update", "compile", "--overwrite"))
    ok = CliRunner().invoke(translate_group, ["--to", "es-ES", "--fields", "title"], env=env_vars)
    assert ok.exit_code == 0, ok.output
    assert "translate es-ES summary" in ok.output


def test_fills_empty_slugs_from_the_title_and_keeps_a_translators_slug(env: Any) -> None:
    box, settings = env
    tshirt = next(
        e for e in entries(box).values()
        if e["fields"]["handle"]["en-US"] == "organic-cotton-tshirt"
    )  # fmt: skip
    with cma(box) as client:
        fields = copy.deepcopy(tshirt["fields"])
        fields.setdefault("slug", {})["de-DE"] = "mein-t-shirt"
        headers = {"x-contentful-version": str(tshirt["sys"]["version"])}
        client.put(f"/entries/{tshirt['sys']['id']}", json={"fields": fields}, headers=headers)
    env_vars = {
        "MEDUSA_URL": settings.medusa_url,
        "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
    }
    result = CliRunner().invoke(translate_group, ["--to", "de-DE", "--overwrite"], env=env_vars)
    assert result.exit_code == 0, result.output
    after = entries(box)
    assert after[tshirt["sys"]["id"]]["fields"]["slug"]["de-DE"] == "mein-t-shirt"
    made = {
        e["fields"]["slug"]["de-DE"]
        for i, e in after.items() if i != tshirt["sys"]["id"] and e["fields"]["title"].get("de-DE")
    }  # fmt: skip
    assert made and all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in made)
    assert len(made) == len(after) - 1  # one each, none shared
    with cma(box) as client:
        for kind in ("collection", "category"):
            items = client.get("/entries", params={"content_type": kind}).json()["items"]
            assert items and all(e["fields"]["slug"]["de-DE"] for e in items)

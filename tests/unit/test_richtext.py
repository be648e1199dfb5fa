"""Rich text: every node type, escaping, URL allow-list, resolved entries and assets."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront.richtext import RenderContext, image_srcset, render, safe_url
from tests.conftest import load_fixture


def asset_url(raw: str) -> str | None:
    return "https:" + raw if raw.startswith("//") else None


CONTEXT = RenderContext(
    product_url=lambda handle: f"/products/{handle}?lang=es-ES", asset_url=asset_url
)


def resolve(node: Any, entries: dict[str, Any], assets: dict[str, Any]) -> Any:
    """Replace Link targets with included entities, as the Contentful client does."""
    if isinstance(node, list):
        return [resolve(n, entries, assets) for n in node]
    if not isinstance(node, dict):
        return node
    sys = node.get("sys", {})
    if sys.get("type") == "Link":
        pool = entries if sys.get("linkType") == "Entry" else assets
        return pool.get(sys.get("id"), node)
    return {k: resolve(v, entries, assets) for k, v in node.items()}


def all_types_document() -> dict[str, Any]:
    body = load_fixture("contentful", "rich_text_cda_entry_all_node_types.json")
    body = body["interactions"][0]["response"]["body"]
    entries = {e["sys"]["id"]: e for e in body["includes"]["Entry"]}
    assets = {a["sys"]["id"]: a for a in body["includes"].get("Asset", [])}
    doc = next(e for e in body["includes"]["Entry"] if "body" in e["fields"])["fields"]["body"]
    return resolve(doc, entries, assets)  # type: ignore[no-any-return]


def text(value: str, *marks: str) -> dict[str, Any]:
    return {"nodeType": "text", "value": value, "marks": [{"type": m} for m in marks], "data": {}}


def node(kind: str, *content: dict[str, Any], **data: Any) -> dict[str, Any]:
    return {"nodeType": kind, "data": data, "content": list(content)}


def doc(*content: dict[str, Any]) -> dict[str, Any]:
    return node("document", *content)


def test_recorded_document_renders_every_block_and_mark() -> None:
    html = str(render(all_types_document(), CONTEXT))
    for tag in (
        "<h1>",
        "<h2>",
        "<h3>",
        "<h4>",
        "<h5>",
        "<h6>",
        "<p>",
        "<blockquote>",
        "<hr>",
        "<ol>",
        "<ul>",
        "<li>",
        "<strong>Bold Text</strong>",
        "<em>Italic Text</em>",
        "<u>Underline Text</u>",
        "<code>Code Text</code>",
    ):
        assert tag in html, tag
    assert "<em><strong>Combined Marks</strong></em>" in html
    assert 'src="https://images.ctfassets.net/' in html
    assert "srcset=" in html


def test_recorded_table_document() -> None:
    table = load_fixture("contentful", "rich_text_table_document.json")
    document = table.get("document") or table
    html = str(render(document, CONTEXT))
    assert "<table><tbody><tr><th>" in html
    assert "<td>" in html


def test_text_is_escaped() -> None:
    html = str(
        render(doc(node("paragraph", text("<script>alert(1)</script> & co", "bold"))), CONTEXT)
    )
    assert "<script>" not in html
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</strong>" in html


def test_unsafe_links_lose_their_href_but_keep_their_text() -> None:
    for uri in (
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:x",
        "java\nscript:x",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
    ):
        html = str(
            render(doc(node("paragraph", node("hyperlink", text("click"), uri=uri))), CONTEXT)
        )
        assert html == "<p>click</p>", uri


def test_safe_links_are_kept_and_escaped() -> None:
    html = str(
        render(
            doc(node("paragraph", node("hyperlink", text("x"), uri='https://a.example/?q="1"&b'))),
            CONTEXT,
        )
    )
    assert 'href="https://a.example/?q=&quot;1&quot;&amp;b"' in html
    assert 'rel="noopener nofollow"' in html
    for uri in ("/products/x", "mailto:a@b.example", "tel:+34123", "#top"):
        assert safe_url(uri) == uri


def product_entry(handle: str, title: str) -> dict[str, Any]:
    return {
        "sys": {"id": "p1", "type": "Entry", "contentType": {"sys": {"id": "product"}}},
        "fields": {"handle": handle, "title": title},
    }


def test_entry_links_point_at_product_pages() -> None:
    entry = product_entry("organic-cotton-tshirt", "Camiseta <b>")
    html = str(
        render(
            doc(
                node("paragraph", node("entry-hyperlink", text("ver"), target=entry)),
                node("paragraph", node("embedded-entry-inline", target=entry)),
                node("embedded-entry-block", target=entry),
            ),
            CONTEXT,
        )
    )
    assert html.count('href="/products/organic-cotton-tshirt?lang=es-ES"') == 3
    assert "Camiseta &lt;b&gt;" in html


def test_unresolved_and_foreign_targets_render_text_only() -> None:
    link = {"sys": {"type": "Link", "linkType": "Entry", "id": "gone"}}
    other = {"sys": {"contentType": {"sys": {"id": "page"}}}, "fields": {"handle": "x"}}
    html = str(
        render(
            doc(
                node("paragraph", node("entry-hyperlink", text("a"), target=link)),
                node("paragraph", node("entry-hyperlink", text("b"), target=other)),
                node("embedded-entry-block", target=link),
                node("embedded-asset-block", target=link),
            ),
            CONTEXT,
        )
    )
    assert html == "<p>a</p><p>b</p>"


def test_asset_alt_text_cannot_break_out() -> None:
    asset = {
        "sys": {"id": "a"},
        "fields": {
            "title": '"><script>x</script>',
            "file": {"url": "//images.ctfassets.net/s/a/b/pic.png", "contentType": "image/png"},
        },
    }
    html = str(render(doc(node("embedded-asset-block", target=asset)), CONTEXT))
    assert "<script>" not in html
    assert 'alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_unknown_nodes_keep_their_text_and_never_raise() -> None:
    html = str(
        render(
            doc(
                node("paragraph", node("new-inline", text("kept"))),
                {"content": []},
                node("strange-block"),
            ),
            CONTEXT,
        )
    )
    assert html == "<p>kept</p>"
    assert str(render({"nodeType": "paragraph"}, CONTEXT)) == ""
    assert str(render("not a document", CONTEXT)) == ""


def test_strikethrough_sub_and_superscript() -> None:
    html = str(
        render(
            doc(
                node(
                    "paragraph",
                    text("a", "strikethrough"),
                    text("2", "superscript"),
                    text("i", "subscript"),
                )
            ),
            CONTEXT,
        )
    )
    assert html == "<p><s>a</s><sup>2</sup><sub>i</sub></p>"


def test_cell_spans_accept_only_small_integers() -> None:
    cell = node("table-cell", node("paragraph", text("x")), colspan=2, rowspan='2" onclick="x')
    html = str(render(doc(node("table", node("table-row", cell))), CONTEXT))
    assert '<td colspan="2"><p>x</p></td>' in html


def test_srcset_uses_the_images_api() -> None:
    assert image_srcset("https://i.example/a.png").startswith(
        "https://i.example/a.png?w=480&fm=webp&q=75 480w"
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=5)
    | st.sampled_from(
        [
            "paragraph",
            "text",
            "hyperlink",
            "table-cell",
            "embedded-asset-block",
            "bold",
            "entry-hyperlink",
            "embedded-entry-block",
            "embedded-entry-inline",
            "asset-hyperlink",
            "product",
            "//x.example/a.png",
            "https://x.example/a.png",
            "image/png",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["nodeType", "content", "data", "value", "marks", "uri", "target", "type"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=1000, deadline=None)
@given(content=st.lists(json_values, max_size=4))
def test_random_documents_never_raise(content: list[Any]) -> None:
    html = str(render({"nodeType": "document", "data": {}, "content": content}, CONTEXT))
    assert "<script" not in html
    json.dumps(html)


def _nested_lists(levels: int) -> dict[str, Any]:
    text = {"nodeType": "text", "value": "bottom", "marks": [], "data": {}}
    node: dict[str, Any] = {"nodeType": "paragraph", "data": {}, "content": [text]}
    for level in range(levels):
        item = {"nodeType": "list-item", "data": {}, "content": [node]}
        top = {"nodeType": "text", "value": f"level {levels - level}", "marks": [], "data": {}}
        head = {"nodeType": "paragraph", "data": {}, "content": [top]}
        node = {"nodeType": "unordered-list", "data": {}, "content": [head, item]}
    return {"nodeType": "document", "data": {}, "content": [node]}


def test_deeply_nested_lists_render_their_top_and_never_raise() -> None:
    for levels in (100, 5000):
        html = render(_nested_lists(levels), CONTEXT)
        assert "level 1<" in html and "level 10<" in html
        assert "bottom" not in html  # beyond MAX_DEPTH: dropped, not a RecursionError
        assert html.count("<ul>") == html.count("</ul>")


def test_our_private_mapping_keys_are_not_node_types() -> None:
    document = {"nodeType": "document", "content": [
        {"nodeType": "__storefront_context__", "content": []},
        {"nodeType": "__storefront_depth__", "content": []},
        {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": "ok"}]},
    ]}  # fmt: skip
    assert render(document, CONTEXT) == "<p>ok</p>"

"""Safe rendering of Contentful rich text with ``rich_text_renderer`` and our own node renderers.

The PyPI renderer escapes nothing, keeps ``javascript:`` links and drops entry links; ours escape
every text and attribute, keep only http(s), mailto, tel and relative URLs, render embedded and
hyperlinked product entries as links to their pages, and never raise on an unknown node.
Links in ``data.target`` must already be resolved (the Contentful client does it); an unresolved
target renders as its text only. Nodes nested deeper than `MAX_DEPTH` (lists in lists in lists...)
render as nothing: real content never goes near it, and rendering recurses once per level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from rich_text_renderer import RichTextRenderer
from rich_text_renderer.base_node_renderer import BaseNodeRenderer
from rich_text_renderer.block_renderers import BaseBlockRenderer
from rich_text_renderer.text_renderers import BaseInlineRenderer

Node = dict[str, Any]
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
IMAGE_WIDTHS = (480, 800, 1200)
_CONTEXT = "__storefront_context__"  # mappings key: never a nodeType
_DEPTH = "__storefront_depth__"  # mappings key: the nesting level being rendered (a one-item list)
MAX_DEPTH = 48  # node levels below the document; a Python frame or three each


@dataclass(frozen=True)
class RenderContext:
    """What the renderers need from the page: URLs for products and assets."""

    product_url: Callable[[str], str]  # handle -> page URL (keeps the locale)
    asset_url: Callable[[str], str | None]  # raw Contentful file URL -> absolute URL or None


def safe_url(raw: object) -> str | None:
    """The URL if it is relative or uses an allowed scheme, else None."""
    if not isinstance(raw, str):
        return None
    url = raw.strip()
    if not url or url.startswith("//") or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in SAFE_SCHEMES else None
    return url if not any(c in url.split("/")[0] for c in ":") else None


def image_srcset(url: str, widths: tuple[int, ...] = IMAGE_WIDTHS, fm: str = "webp") -> str:
    """A ``srcset`` over Contentful's Images API width parameter."""
    sep = "&" if "?" in url else "?"
    return ", ".join(f"{url}{sep}w={w}&fm={fm}&q=75 {w}w" for w in widths)


def render(document: object, context: RenderContext) -> Markup:
    """Render a rich-text document to safe HTML; anything malformed renders as nothing."""
    if not isinstance(document, dict) or document.get("nodeType") != "document":
        return Markup("")
    mappings: dict[Any, Any] = {**_MAPPINGS, _CONTEXT: context, _DEPTH: [0]}
    return Markup(RichTextRenderer(mappings).render(document))  # noqa: S704 - escaped by our renderers


def _context(renderer: BaseNodeRenderer) -> RenderContext:
    context: RenderContext = renderer.mappings[_CONTEXT]
    return context


def _data(node: Node) -> dict[str, Any]:
    """A node's ``data`` when it is an object (the CMS is untrusted: it may be anything)."""
    data = node.get("data")
    return data if isinstance(data, dict) else {}


def _children(renderer: BaseNodeRenderer, node: Node) -> str:
    """The rendered content of a node; nothing once `MAX_DEPTH` levels are open."""
    depth: list[int] = renderer.mappings[_DEPTH]  # shared by every renderer of one document
    content = node.get("content")
    if depth[0] >= MAX_DEPTH or not isinstance(content, list):
        return ""
    depth[0] += 1
    try:
        return "".join(_child(renderer, child) for child in content)
    finally:
        depth[0] -= 1


def _child(renderer: BaseNodeRenderer, child: Any) -> str:
    kind = child.get("nodeType") if isinstance(child, dict) else None
    if not isinstance(kind, str) or kind in (_CONTEXT, _DEPTH):  # our keys are not node types
        return ""
    found = renderer._find_renderer(child)
    return found.render(child) if found else _children(renderer, child)


def _target(node: Node) -> Node | None:
    target = _data(node).get("target")
    if isinstance(target, dict) and isinstance(target.get("fields"), dict):
        return target
    return None  # unresolved Link or missing


class _Block(BaseBlockRenderer):
    tag = "div"

    def render(self, node: Node) -> str:
        return f"<{self.tag}>{_children(self, node)}</{self.tag}>"


def _block(tag: str) -> type[_Block]:
    return type(f"Block_{tag}", (_Block,), {"tag": tag})


class _Document(_Block):
    def render(self, node: Node) -> str:
        return _children(self, node)


class _Text(BaseNodeRenderer):
    def render(self, node: Node) -> str:
        value = escape(str(node.get("value", "")), quote=False)
        marks = node.get("marks")
        for mark in marks if isinstance(marks, list) else []:
            renderer = self.mappings.get(mark.get("type")) if isinstance(mark, dict) else None
            if renderer is not None:
                value = renderer(self.mappings).render({"value": value})
        return value


def _mark(tag: str) -> type[BaseInlineRenderer]:
    def render(self: BaseInlineRenderer, node: Node) -> str:
        # Marks share the mappings with node types: a *node* named "bold" is not a mark.
        if "nodeType" in node:
            return _children(self, node)
        return f"<{tag}>{node['value']}</{tag}>"  # already escaped by _Text

    return type(f"Mark_{tag}", (BaseInlineRenderer,), {"render": render})


class _Hr(BaseNodeRenderer):
    def render(self, node: Node) -> str:
        return "<hr>"


class _Hyperlink(_Block):
    def render(self, node: Node) -> str:
        text = _children(self, node)
        url = safe_url(_data(node).get("uri"))
        if url is None:
            return text
        rel = ' rel="noopener nofollow"' if url.lower().startswith(("http:", "https:")) else ""
        return f'<a href="{escape(url)}"{rel}>{text}</a>'


class _EntryHyperlink(_Block):
    def render(self, node: Node) -> str:
        text = _children(self, node)
        href = _entry_href(self, _target(node))
        return f'<a href="{escape(href)}">{text}</a>' if href else text


class _EntryInline(_Block):
    def render(self, node: Node) -> str:
        target = _target(node)
        href = _entry_href(self, target)
        if target is None or not href:
            return ""
        title = escape(str(target["fields"].get("title") or target["fields"].get("handle")))
        return f'<a class="entry-link" href="{escape(href)}">{title}</a>'


class _EntryBlock(_EntryInline):
    def render(self, node: Node) -> str:
        link = super().render(node)
        return f'<div class="embedded-entry">{link}</div>' if link else ""


def _entry_href(renderer: BaseNodeRenderer, target: Node | None) -> str | None:
    if target is None:
        return None
    handle = target["fields"].get("handle")
    content_type = _dig(target, "sys", "contentType", "sys", "id")
    if content_type != "product" or not isinstance(handle, str) or not handle:
        return None
    return _context(renderer).product_url(handle)


def _dig(node: Any, *keys: str) -> Any:
    """``node[k1][k2]...`` or None wherever a level is missing or not an object."""
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _asset(renderer: BaseNodeRenderer, node: Node) -> tuple[str, str, str] | None:
    target = _target(node)
    file = (target or {}).get("fields", {}).get("file")
    if not isinstance(file, dict):
        return None
    url = _context(renderer).asset_url(str(file.get("url", "")))
    if url is None:
        return None
    title = str(target["fields"].get("description") or target["fields"].get("title") or "")  # type: ignore[index]
    return url, title, str(file.get("contentType", ""))


class _AssetHyperlink(_Block):
    def render(self, node: Node) -> str:
        text = _children(self, node)
        asset = _asset(self, node)
        return f'<a href="{escape(asset[0])}">{text}</a>' if asset else text


class _AssetBlock(_Block):
    def render(self, node: Node) -> str:
        asset = _asset(self, node)
        if asset is None:
            return ""
        url, title, content_type = asset
        if not content_type.startswith("image/"):
            return f'<p><a href="{escape(url)}">{escape(title or url)}</a></p>'
        return (
            f'<figure class="embedded-asset"><img src="{escape(url)}" '
            f'srcset="{escape(image_srcset(url))}" sizes="(max-width: 800px) 100vw, 800px" '
            f'alt="{escape(title)}" loading="lazy"></figure>'
        )


class _Cell(_Block):
    def render(self, node: Node) -> str:
        attrs = ""
        for name in ("colspan", "rowspan"):
            value = _data(node).get(name)
            if isinstance(value, int) and not isinstance(value, bool) and 1 < value <= 1000:
                attrs += f' {name}="{value}"'
        return f"<{self.tag}{attrs}>{_children(self, node)}</{self.tag}>"


class _Table(_Block):
    def render(self, node: Node) -> str:
        return f"<table><tbody>{_children(self, node)}</tbody></table>"


class _Nothing(BaseNodeRenderer):
    def render(self, node: Node) -> str:
        return ""


_MAPPINGS: dict[Any, Any] = {
    "document": _Document,
    **{f"heading-{n}": _block(f"h{n}") for n in range(1, 7)},
    "paragraph": _block("p"),
    "blockquote": _block("blockquote"),
    "ordered-list": _block("ol"),
    "unordered-list": _block("ul"),
    "list-item": _block("li"),
    "hr": _Hr,
    "text": _Text,
    "hyperlink": _Hyperlink,
    "entry-hyperlink": _EntryHyperlink,
    "embedded-entry-inline": _EntryInline,
    "embedded-entry-block": _EntryBlock,
    "asset-hyperlink": _AssetHyperlink,
    "embedded-asset-block": _AssetBlock,
    "resource-hyperlink": _block("span"),
    "embedded-resource-inline": _Nothing,
    "embedded-resource-block": _Nothing,
    "table": _Table,
    "table-row": _block("tr"),
    "table-cell": type("Cell_td", (_Cell,), {"tag": "td"}),
    "table-header-cell": type("Cell_th", (_Cell,), {"tag": "th"}),
    "bold": _mark("strong"),
    "italic": _mark("em"),
    "underline": _mark("u"),
    "code": _mark("code"),
    "superscript": _mark("sup"),
    "subscript": _mark("sub"),
    "strikethrough": _mark("s"),
    None: _Nothing,
}

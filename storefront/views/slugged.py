"""Pages reached by a localized slug: find the record, then keep one canonical URL per locale.

A view resolves the URL's segment to a Medusa handle (``slugs.handle_for``), loads the record,
then calls ``settle``: it sets the record's path in every locale (``g.locale_paths``, read by
the canonical link, the hreflang alternates and the language switcher) and answers a permanent
redirect (308, the query kept) when the request came by another segment than the canonical one.
"""

from __future__ import annotations

from flask import g, redirect, request, url_for
from werkzeug.wrappers import Response

from storefront import i18n, services, slugs, tags


def handle(kind: str, segment: str) -> str:
    """The Medusa handle a URL segment names, in the page's locale."""
    chain = services.current().locale_table().chain(i18n.page_locale().code)
    return slugs.handle_for(kind, segment, chain)


def settle(endpoint: str, kind: str, record_id: str, record_handle: str) -> Response | None:
    """Record the page's path per locale; a 308 to the canonical URL when not on it."""
    table = services.current().locale_table()
    segments = {
        info.code: slugs.slug_for(kind, record_id, record_handle, table.chain(info.code))
        for info in table
    }
    g.locale_paths = {code: url_for(endpoint, handle=s) for code, s in segments.items()}
    wanted = segments.get(i18n.page_locale().code, record_handle)
    if (request.view_args or {}).get("handle") == wanted:
        return None
    return _moved(g.locale_paths[i18n.page_locale().code], record_id)


def _moved(path: str, record_id: str) -> Response:
    query = request.query_string.decode("latin-1")
    response = redirect(f"{path}?{query}" if query else path, 308)
    # A shared cache may keep it: tagged with the record, a slug change purges it there too.
    response.headers["Cache-Control"] = "public, max-age=60"
    tags.tag(record_id)
    return response


def localized_handle(kind: str, record_id: str, record_handle: str) -> str:
    """The segment of a record's URL in the page's locale (for links)."""
    chain = services.current().locale_table().chain(i18n.page_locale().code)
    return slugs.slug_for(kind, record_id, record_handle, chain)

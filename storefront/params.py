"""Reading visitor-supplied parameters (query, form, path) without ever raising on odd input.

``str.isdigit()`` accepts ``²``, ``¹`` and ``①``, which ``int()`` refuses, and ``int()`` refuses
more than 4,300 digits: both were 500s. Here a number is 1 to `MAX_DIGITS` ASCII digits.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

MAX_DIGITS = 6
MAX_PAGE = 10_000  # listing pages beyond this are 404s, whatever the catalog's size
_NUMBER = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")
# What may stay as is in a path; everything else (``\``, tabs, spaces, non-ASCII) is escaped.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = "=&;%+/?:@!$'()*,-._~"
_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")  # Medusa ids: prefix_ULID


def whole_number(raw: str | None, low: int, high: int) -> int | None:
    """The ASCII whole number in `raw` when it lies in [low, high], else None."""
    text = (raw or "").strip()
    if not _NUMBER.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def medusa_id(raw: str | None) -> str | None:
    """`raw` when it looks like a Medusa id (letters, digits, ``_``, ``-``), else None."""
    return raw if raw is not None and _ID.fullmatch(raw) else None


def safe_path(path: str) -> str:
    """A request path fit to put in a link: escaped, and never read as another host.

    Browsers read ``\\`` as ``/`` and drop tabs and newlines, so ``/\\evil.example`` and
    ``/%09/evil.example`` would become ``//evil.example``: a link to another site.
    """
    return "/" + quote(path, safe=_PATH_SAFE).lstrip("/")


def path_and_query(url: str) -> str:
    """The path and query of a URL, escaped like `safe_path`: a same-site redirect target."""
    parts = urlsplit(url)
    query = quote(parts.query, safe=_QUERY_SAFE)
    return safe_path(unquote(parts.path)) + (f"?{query}" if query else "")

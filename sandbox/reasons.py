"""Reason phrases as Express (Medusa) and Contentful send them: ``404 Not Found``.

Werkzeug writes its own upper-case phrases (``404 NOT FOUND``); clients that show or compare the
status text (the Contentful SDKs put it in their error names) would see what no real server says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from sandbox.faults import WSGIApp

_PHRASES = {status.value: status.phrase for status in HTTPStatus}
# Where newer Pythons follow RFC 9110's renames, Node (Express) still says the older words.
_PHRASES.update(
    {413: "Payload Too Large", 416: "Range Not Satisfiable", 422: "Unprocessable Entity"}
)


def title_case_status(status: str) -> str:
    """``"404 NOT FOUND"`` → ``"404 Not Found"``; unknown codes keep their text."""
    code, _, reason = status.partition(" ")
    phrase = _PHRASES.get(int(code)) if code.isdigit() else None
    return f"{code} {phrase}" if phrase else f"{code} {reason}".rstrip()


def reason_phrases(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so its status lines carry the standard reason phrases."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: Any, exc_info: Any = None) -> Any:
            return start_response(title_case_status(status), headers, exc_info)

        return app(environ, start)

    return wrapped

"""Flask's signed-cookie sessions, without their cost for a visitor who has no session yet.

Flask builds the cookie's signer (an itsdangerous serializer with its key derivation) on every
request, before it looks for the cookie. Most page views are anonymous and carry none: for them
this interface hands out an empty session at once, and the signer is built only when a session
cookie arrives or one is saved (the same ``SecureCookieSessionInterface`` does both).
"""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class SignedCookieSessions(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface``, opening an empty session without its signer."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """An empty session when the request has no session cookie, else Flask's own."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    """Use these sessions for ``app``."""
    app.session_interface = SignedCookieSessions()

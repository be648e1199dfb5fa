"""CMA locales: list, read, create, update (with version), delete (never the default)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

from sandbox.contentful.cma import lifecycle
from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.query import paging
from sandbox.contentful.common import KIND_LOCALE, new_id

BASE = "/spaces/<space>/environments/<env>/locales"
_FLAGS = {"optional": False, "contentDeliveryApi": True, "contentManagementApi": True}


def register(app: Flask, cma: Cma) -> None:
    """Add the locale routes to the CMA app."""
    r = LocaleRoutes(cma)
    app.add_url_rule(BASE, "locales_list", r.index, methods=["GET"])
    app.add_url_rule(BASE, "locales_create", r.create, methods=["POST"])
    app.add_url_rule(f"{BASE}/<id>", "locale_get", r.get, methods=["GET"])
    app.add_url_rule(f"{BASE}/<id>", "locale_put", r.put, methods=["PUT"])
    app.add_url_rule(f"{BASE}/<id>", "locale_delete", r.delete, methods=["DELETE"])


def locale_doc(cma: Cma, body: dict[str, Any], default: bool = False) -> dict[str, Any]:
    """A new Locale entity (version 0, as recorded) from a create body."""
    doc = {"name": body.get("name") or body.get("code"), "internal_code": body.get("code")}
    doc.update(code=body.get("code"), fallbackCode=body.get("fallbackCode"), default=default)
    doc.update({k: bool(body.get(k, v)) for k, v in _FLAGS.items()})
    doc["sys"] = cma.sys_for("Locale", new_id(), version=0)
    return doc


def ensure_default_locale(cma: Cma) -> None:
    """Every space has a default locale: give an empty one en-US."""
    if not cma.locales():
        doc = locale_doc(cma, {"code": "en-US", "name": "English (United States)"}, True)
        cma.store.put(KIND_LOCALE, doc["sys"]["id"], doc)


class LocaleRoutes:
    """The handlers for ``/locales``."""

    def __init__(self, cma: Cma) -> None:
        self.cma = cma

    def index(self, space: str, env: str) -> Response:
        """``GET /locales``."""
        skip, limit = paging({"limit": "1000", **request.args})
        docs = self.cma.locales()
        return self.cma.collection(docs[skip : skip + limit], len(docs), skip, limit)

    def get(self, space: str, env: str, id: str) -> Response:
        """``GET /locales/{id}``."""
        return self.cma.respond(self.cma.get(KIND_LOCALE, id, "Locale"))

    def create(self, space: str, env: str) -> Response:
        """``POST /locales``: 422 on a duplicate code, an unknown fallback or a cycle."""
        doc = locale_doc(self.cma, self.cma.body())
        self._check(doc, None)
        self.cma.store.put(KIND_LOCALE, doc["sys"]["id"], doc)
        return self.cma.respond(doc, 201)

    def put(self, space: str, env: str, id: str) -> Response:
        """``PUT /locales/{id}`` with the current version."""
        existing = self.cma.get(KIND_LOCALE, id, "Locale")
        lifecycle.check_version(existing, self.cma.version())
        body = self.cma.body()
        changes: dict[str, Any] = {
            k: body[k] for k in ("name", "code", "fallbackCode") if k in body
        }
        doc: dict[str, Any] = {**existing, **changes}
        doc.update({k: bool(body[k]) for k in _FLAGS if k in body})
        doc["internal_code"] = doc["code"]
        if doc["default"]:
            doc["fallbackCode"] = None  # the default locale never falls back
        self._check(doc, id)
        doc = {**doc, "sys": lifecycle.saved(existing, {})["sys"]}
        self.cma.store.put(KIND_LOCALE, id, doc)
        return self.cma.respond(doc)

    def delete(self, space: str, env: str, id: str) -> Response:
        """``DELETE /locales/{id}``: not the default, nor a locale others fall back to."""
        doc = self.cma.get(KIND_LOCALE, id, "Locale")
        if doc.get("default"):
            raise lifecycle.bad_request("Cannot delete the default locale")
        if any(loc.get("fallbackCode") == doc["code"] for loc in self.cma.locales()):
            raise _invalid("fallbackCode", doc["code"], "Another locale falls back to this locale")
        self.cma.store.delete(KIND_LOCALE, id)
        return self.cma.no_content()

    def _check(self, doc: dict[str, Any], own_id: str | None) -> None:
        others = [loc for loc in self.cma.locales() if loc["sys"]["id"] != own_id]
        codes = {loc["code"]: loc for loc in others}
        if not isinstance(doc["code"], str) or not doc["code"]:
            raise _invalid("code", doc["code"], 'The property "code" is required here')
        if doc["code"] in codes:
            raise _invalid("code", doc["code"], "taken")
        fallback = doc.get("fallbackCode")
        if fallback is not None and fallback not in codes:
            raise _invalid("fallbackCode", fallback, "Unknown fallback locale")
        if _has_cycle(doc["code"], fallback, codes):
            raise _invalid("fallbackCode", fallback, "Fallback locales must not form a cycle")


def _has_cycle(code: str, fallback: Any, codes: dict[str, dict[str, Any]]) -> bool:
    seen = {code}
    while fallback is not None:
        if fallback in seen:
            return True
        seen.add(fallback)
        fallback = codes.get(fallback, {}).get("fallbackCode")
    return False


def _invalid(path: str, value: Any, details: str) -> lifecycle.CmaError:
    error = {"name": "taken" if details == "taken" else "invalid", "path": [path], "value": value}
    if details != "taken":
        error["details"] = details
    return lifecycle.validation_failed([error], "ValidationFailed")

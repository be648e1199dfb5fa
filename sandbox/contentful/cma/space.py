"""CMA space and environment objects (the SDK reads them before anything else)."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from sandbox.contentful.cma.core import Cma
from sandbox.contentful.cma.lifecycle import USER_ID
from sandbox.contentful.common import link

_EPOCH = "2024-01-01T00:00:00.000Z"  # the sandbox space has always existed


def register(app: Flask, cma: Cma) -> None:
    """Add the space and environment routes to the CMA app."""

    @app.get("/spaces/<space>")
    def space_object(space: str) -> Response:
        return cma.respond(space_doc(cma))

    @app.get("/spaces/<space>/environments")
    def environments(space: str) -> Response:
        return cma.collection([environment_doc(cma)], 1, 0, 100)

    @app.get("/spaces/<space>/environments/<env>")
    def environment(space: str, env: str) -> Response:
        return cma.respond(environment_doc(cma))


def _sys(type_: str, id: str, version: int) -> dict[str, Any]:
    return {
        "type": type_, "id": id, "version": version,
        "createdBy": link("User", USER_ID), "createdAt": _EPOCH,
        "updatedBy": link("User", USER_ID), "updatedAt": _EPOCH,
    }  # fmt: skip


def space_doc(cma: Cma) -> dict[str, Any]:
    """The Space entity."""
    sys = _sys("Space", cma.space, 1)
    sys["organization"] = link("Organization", "sandboxorg")
    return {"name": "Sandbox", "sys": sys}


def environment_doc(cma: Cma) -> dict[str, Any]:
    """The Environment entity of the one environment the sandbox has."""
    sys = _sys("Environment", cma.env, 1)
    sys["space"] = link("Space", cma.space)
    sys["status"] = link("Status", "ready")
    return {"name": cma.env, "sys": sys}

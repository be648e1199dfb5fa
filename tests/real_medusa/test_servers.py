"""Without a real Medusa the suite skips with the reason; under CI=true it fails instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.real_medusa import servers

NAMES = (*servers.KEYS, "REAL_MEDUSA_EVENTS_REDIS_URL")


@pytest.fixture
def nothing_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(servers, "ENV_FILE", tmp_path / "missing.env")


@pytest.mark.usefixtures("nothing_configured")
@pytest.mark.parametrize(
    ("in_ci", "outcome"), [(False, pytest.skip.Exception), (True, pytest.fail.Exception)]
)
def test_missing_server(monkeypatch: pytest.MonkeyPatch, in_ci: bool, outcome: type) -> None:
    monkeypatch.setattr(servers, "IN_CI", in_ci)
    with pytest.raises(outcome, match="REAL_MEDUSA_URL"), servers.real_side():
        pass


@pytest.mark.usefixtures("nothing_configured")
def test_unreachable_server_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers, "IN_CI", True)
    for name in servers.KEYS:
        monkeypatch.setenv(name, "http://127.0.0.1:9" if name == "REAL_MEDUSA_URL" else "k")
    with pytest.raises(pytest.fail.Exception, match="127.0.0.1:9/health"), servers.real_side():
        pass


def test_env_file_fills_what_the_environment_lacks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / "medusa.env"
    env_file.write_text("REAL_MEDUSA_URL=http://127.0.0.1:9300\nREAL_MEDUSA_API_KEY=sk_file\n")
    monkeypatch.setattr(servers, "ENV_FILE", env_file)
    monkeypatch.setenv("REAL_MEDUSA_API_KEY", "sk_env")
    found = servers.real_settings()
    assert (found["REAL_MEDUSA_URL"], found["REAL_MEDUSA_API_KEY"]) == (
        "http://127.0.0.1:9300",
        "sk_env",
    )

"""The wheel, installed into a clean venv, serves pages and static files from outside the repo.

The new venv borrows this environment's third-party packages through a ``.pth`` line (so the test
needs no network) but not its editable install of the project: only the wheel provides
``storefront``, ``sync`` and ``sandbox``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys, tempfile
from pathlib import Path
import storefront
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
from storefront import create_app
from config.settings import from_env

data = Path(tempfile.mkdtemp())
config = SandboxConfig(data_dir=data, medusa_url="http://127.0.0.1:0", cda_url="http://127.0.0.1:0",
                       preview_url="http://127.0.0.1:0", cma_url="http://127.0.0.1:0")
box = Sandbox(config).start()
try:
    urls = box.urls
    env = {"MEDUSA_URL": urls["medusa"], "CONTENTFUL_CDA_URL": urls["cda"],
           "CONTENTFUL_PREVIEW_URL": urls["preview"], "CONTENTFUL_CMA_URL": urls["cma"]}
    client = create_app({"SETTINGS": from_env(env)}).test_client()
    page = client.get("/products/organic-cotton-tshirt?lang=es")
    css = client.get("/static/style.css")
    print(json.dumps({"package": storefront.__file__, "page": page.status_code,
                      "spanish": "Camiseta de Algodón Orgánico" in page.text,
                      "ui": 'lang="es-ES"' in page.text, "css": css.status_code}))
finally:
    box.stop()
"""


def build_wheel(out: Path) -> Path:
    """Build the project's wheel (no build isolation: setuptools is already here)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, cwd=out,
    )  # fmt: skip
    return next(out.glob("storefront-*.whl"))


def clean_venv(where: Path) -> Path:
    """A venv that sees this environment's dependencies but not the project itself."""
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_installed_wheel_serves_pages_and_static_files(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    python = clean_venv(tmp_path / "venv")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True,
    )  # fmt: skip
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    probe = subprocess.run(
        [str(python), "-c", PROBE], cwd=outside, capture_output=True, text=True, timeout=120
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert not seen["package"].startswith(str(ROOT)), "the wheel, not the checkout, was imported"
    assert seen == {**seen, "page": 200, "spanish": True, "ui": True, "css": 200}


@pytest.mark.parametrize("folder", ["templates", "static", "translations"])
def test_wheel_carries_the_asset_folders(tmp_path: Path, folder: str) -> None:
    import zipfile

    names = zipfile.ZipFile(build_wheel(tmp_path)).namelist()
    shipped = {
        n.removeprefix(f"storefront/{folder}/")
        for n in names
        if n.startswith(f"storefront/{folder}/")
    }
    in_repo = {
        p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()
    }
    assert in_repo and in_repo <= shipped

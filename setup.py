"""What pyproject.toml cannot say: the top-level asset folders ship inside the wheel.

``templates/``, ``static/`` and ``translations/`` stay at the top of the checkout, where a reader
looks for them, and install as ``storefront/templates`` and so on, where ``storefront.assets``
finds them. Every folder under them is listed as a (data-only) package so setuptools takes it.
"""

from pathlib import Path

from setuptools import find_packages, setup

ASSETS = ("templates", "static", "translations")


def asset_packages(folder: str) -> dict[str, str]:
    """``storefront.<folder>[.<sub>...]`` mapped to its directory in the checkout."""
    root = Path(folder)
    dirs = [root, *sorted(path for path in root.rglob("*") if path.is_dir())]
    return {"storefront." + ".".join(path.parts): path.as_posix() for path in dirs}


ASSET_DIRS = {name: path for folder in ASSETS for name, path in asset_packages(folder).items()}

setup(
    packages=[
        *find_packages(include=["storefront*", "sync*", "sandbox*", "cli*", "config*"]),
        *ASSET_DIRS,
    ],
    package_dir=ASSET_DIRS,
    package_data={"sandbox": ["seed/*.json", "seed/**/*"], **dict.fromkeys(ASSET_DIRS, ["*"])},
)

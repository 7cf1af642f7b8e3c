"""The package reports the release's one version: the workspace version in Cargo.toml."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import faspay


def workspace_version() -> str:
    cargo = (Path(__file__).resolve().parents[2] / "Cargo.toml").read_text(encoding="utf-8")
    found = re.search(r'^version = "([^"]+)"', cargo, re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_version_is_the_workspace_version() -> None:
    assert faspay.__version__ == workspace_version()


def test_installed_metadata_carries_the_same_version() -> None:
    assert importlib.metadata.version("faspay") == faspay.__version__

"""`import faspay` stays light: asyncio (with ssl and socket) loads only when an application
first uses faspay.AsyncClient."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run_fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_import_faspay_does_not_import_asyncio() -> None:
    assert run_fresh("import faspay, sys; print('asyncio' in sys.modules)") == "False"


def test_async_client_loads_on_first_use() -> None:
    code = ("import sys, faspay; from faspay import AsyncClient; "
            "from faspay.async_client import AsyncClient as Direct; "
            "print('asyncio' in sys.modules, AsyncClient is Direct, "
            "faspay.AsyncClient is Direct, 'AsyncClient' in dir(faspay))")
    assert run_fresh(code) == "True True True True"


def test_unknown_attribute_is_still_an_attribute_error() -> None:
    import faspay

    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        faspay.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(faspay, "NoSuchThing")

"""Shared helpers of the Python tests: a sample bill and the sandbox fixture, whose requests
and notifications the independent oracle (oracle.py) re-checks when each test ends."""

from __future__ import annotations

import itertools
import os
import pathlib
from typing import TYPE_CHECKING, Any, Dict, Iterator

import pytest

import oracle

if TYPE_CHECKING:
    from faspay.testing import Sandbox

# faspay.browser_testing: the faspay_browser / browser_page / phone_page fixtures of the browser
# tests (tests/browser); Playwright is imported only when one of them is used.
pytest_plugins = ["faspay.testing", "faspay.browser_testing"]

# Where the browser tests' screenshots go (git ignores target/).
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "target" / "screenshots"
os.environ.setdefault("FASPAY_SCREENSHOT_DIR", str(SCREENSHOTS))

_bill_numbers = itertools.count(1)

PASSWORD = "p@ssw0rd"


def sample_bill(channel: str = "812", **overrides: Any) -> Dict[str, Any]:
    """A valid OVO bill with a fresh bill_no."""
    bill: Dict[str, Any] = {
        "bill_no": f"PY{next(_bill_numbers):06d}",
        "bill_desc": "Kopi susu",
        "bill_total": 15000,
        "payment_channel": channel,
        "cust_no": "42",
        "cust_name": "Budi",
        "billing_name": "Budi",
        "msisdn": "081234567890",
        "email": "budi@example.com",
        "item": [{"product": "Kopi susu", "qty": 1, "amount": 15000}],
    }
    bill.update(overrides)
    oracle.BILLS_SENT[bill["bill_no"]] = bill
    return bill


@pytest.fixture
def faspay_sandbox() -> Iterator[Sandbox]:
    """The plugin's fresh sandbox, and when the test passed, every request it received and
    every notification it sent re-checked by the oracle."""
    from faspay.testing import Sandbox  # after pytest registered the plugin module

    with Sandbox() as sandbox:
        yield sandbox
        oracle.check_sandbox(sandbox)


@pytest.fixture
def bill() -> Dict[str, Any]:
    return sample_bill()

"""Shared helpers of the Python tests: a sample bill and the sandbox fixture."""

from __future__ import annotations

import itertools
from typing import Any, Dict

import pytest

pytest_plugins = ["faspay.testing"]

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
    return bill


@pytest.fixture
def bill() -> Dict[str, Any]:
    return sample_bill()

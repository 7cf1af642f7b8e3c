"""Test support: the repository's independent oracle (``python/tests/oracle.py``, Python's
standard library only: ``hashlib``, ``json``, ``xml.etree``, ``decimal``) re-checks what the
shop sent the sandbox and what the sandbox sent the shop, so a bug shared by faspay and its
sandbox (which reuses faspay's core) cannot pass these tests unseen.

It is no part of the shop: copy the idea, not the path, into your own project's tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

from faspay.testing import Sandbox

from .models import Order

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python" / "tests"))
import oracle  # noqa: E402  (found through the path above)


def check_sandbox(sandbox: Sandbox) -> int:
    """Every request ``sandbox`` received (signature by formula, XML well-formed, amounts
    digits) and every notification it sent (signed with bill_no + payment_status_code); and
    every Post Data carries its order's amount ×100 (sen) by decimal arithmetic. Returns the
    number of Faspay requests checked."""
    checked = oracle.check_sandbox(sandbox)
    for request in sandbox.requests():
        try:
            message = oracle.read_request(request)
        except ValueError:
            continue  # unreadable: check_sandbox already made sure it was not accepted
        if message is None or message.kind != "post_data":
            continue
        order = Order.objects.filter(bill_no=message.fields["bill_no"]).first()
        if order is None:
            continue
        sen = oracle.wire_amount(order.amount)
        assert message.fields["bill_total"] == sen, (message.fields, order.amount)
        assert [item["amount"] for item in message.items] == [sen], message.items
    return checked


def signature(user_id: str, password: str, suffix: str) -> str:
    """``sha1(md5(user_id + password + suffix))`` by the oracle's own formula."""
    return oracle.signature(user_id, password, suffix)

"""Shared test helpers: a stored transaction, Faspay's signed notification for it, and a
recorder of the ``notification_received`` signal."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from typing import Any, Dict, List, Optional

from django.db import connection

import faspay
from faspay.django.models import FaspayTransaction
from faspay.django.signals import notification_received

USER_ID = "bot99999"
PASSWORD = "p@ssw0rd"  # Faspay's public sandbox sample password (the settings' FASPAY)


def signature(user_id: str, password: str, *signed: str) -> str:
    """Faspay's signature by its documented formula, written with hashlib (not the library
    under test): ``sha1(md5(user_id + password + signed values))``, over the MD5 hex text.
    A notification signs ``bill_no + payment_status_code``, a return URL ``bill_no + status``."""
    md5_hex = hashlib.md5((user_id + password + "".join(signed)).encode()).hexdigest()
    return hashlib.sha1(md5_hex.encode()).hexdigest()


def check_json_reply(body: bytes, txn: FaspayTransaction, code: str) -> None:
    """The reply Faspay's docs describe, read with ``json``: the echoed identifiers, the code,
    its description and a WIB timestamp, nothing else."""
    reply = json.loads(body)
    date = reply.pop("response_date")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", date), date
    assert reply == {
        "response": "Payment Notification",
        "trx_id": txn.trx_id,
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": txn.bill_no,
        "response_code": code,
        "response_desc": "Success" if code == "00" else "Failed",
    }, reply


def stored_transaction(bill_no: str = "1000000000000001", amount: str = "15000") -> FaspayTransaction:
    return FaspayTransaction.objects.create(
        bill_no=bill_no,
        trx_id="99999" + bill_no[-11:],
        payment_channel="812",
        amount=Decimal(amount),
    )


def notification_fields(txn: FaspayTransaction, status: str = "2", **changes: str) -> Dict[str, str]:
    sen = str(int(txn.amount * 100))
    fields = {
        "request": "Payment Notification",
        "trx_id": txn.trx_id,
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": txn.bill_no,
        "payment_reff": "REF1",
        "payment_date": "2026-01-01 10:00:00",
        "payment_status_code": status,
        "payment_status_desc": "Payment Sukses",
        "bill_total": sen,
        "payment_total": sen,
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": signature(USER_ID, PASSWORD, txn.bill_no, status),
    }
    fields.update(changes)
    return fields


def json_body(fields: Dict[str, str]) -> bytes:
    return json.dumps(fields).encode()


def xml_body(fields: Dict[str, str]) -> bytes:
    inner = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    return f'<?xml version="1.0" encoding="UTF-8"?><faspay>{inner}</faspay>'.encode()


class SignalRecorder:
    """Records each ``notification_received`` call, and whether it ran inside the database
    transaction; ``refuse`` makes the receiver raise ``NotificationRefused``."""

    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.refuse = False
        self.fail: Optional[Exception] = None  # raised as is: a receiver's bug
        notification_received.connect(self.receive)

    def receive(self, sender: Any, **kwargs: Any) -> None:
        kwargs["in_atomic_block"] = connection.in_atomic_block
        self.calls.append(kwargs)
        if self.fail is not None:
            from faspay.django.models import FaspayTransaction

            # A write of the receiver's own, which must roll back with the event.
            FaspayTransaction.objects.filter(pk=kwargs["transaction"].pk).update(payment_channel="X")
            raise self.fail
        if self.refuse:
            from faspay.django import NotificationRefused

            raise NotificationRefused("the order is being edited")

    def close(self) -> None:
        notification_received.disconnect(self.receive)

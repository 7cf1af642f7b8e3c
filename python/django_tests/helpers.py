"""Shared test helpers: a stored transaction, Faspay's signed notification for it, and a
recorder of the ``notification_received`` signal."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, List

from django.db import connection

import faspay
from faspay.django.models import FaspayTransaction
from faspay.django.signals import notification_received

USER_ID = "bot99999"
PASSWORD = "p@ssw0rd"  # Faspay's public sandbox sample password (the settings' FASPAY)


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
        "signature": faspay.notification_signature(USER_ID, PASSWORD, txn.bill_no, status),
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
        notification_received.connect(self.receive)

    def receive(self, sender: Any, **kwargs: Any) -> None:
        kwargs["in_atomic_block"] = connection.in_atomic_block
        self.calls.append(kwargs)
        if self.refuse:
            from faspay.django import NotificationRefused

            raise NotificationRefused("the order is being edited")

    def close(self) -> None:
        notification_received.disconnect(self.receive)

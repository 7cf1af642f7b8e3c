"""Creating a Faspay transaction through the shared client and storing it, so notifications,
the return page and ``faspay_reconcile`` can match events to it."""

from __future__ import annotations

from decimal import Decimal

import faspay

from .client import get_client
from .models import FaspayTransaction

__all__ = ["create_transaction"]


def create_transaction(bill: faspay.Bill) -> FaspayTransaction:
    """Creates the bill at Faspay (``faspay.Client.create_transaction``) and stores it as a
    pending ``FaspayTransaction``. Errors are the client's: a ``faspay.ValidationError`` names
    the field and nothing was sent; with ``request_sent`` the bill may exist at Faspay without
    a ``trx_id`` here (Faspay's bill expires unpaid; create the order's next attempt with a new
    ``bill_no``)."""
    created = get_client().create_transaction(bill)
    # Rupiah exactly as the core read it (sen are rupiah x 100, whatever the wire unit).
    amount = Decimal(faspay.amount_to_wire(bill["bill_total"], "sen")).scaleb(-2)
    return FaspayTransaction.objects.create(
        bill_no=bill["bill_no"],
        trx_id=created.trx_id,
        payment_channel=str(bill.get("payment_channel", "")),
        amount=amount,
        redirect_url=created.redirect_url or "",
    )

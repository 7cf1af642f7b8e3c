"""The shop's reaction to a payment event: faspay.django verified it, matched it to the
transaction (trx_id and amount) and stores it once; this marks the order."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from faspay.django import NotificationRefused, notification_received
from faspay.django.models import FaspayNotification, FaspayTransaction

from .models import Order


@receiver(notification_received)
def update_order(
    sender: Any, event: FaspayNotification, transaction: FaspayTransaction, **kwargs: Any
) -> None:
    if not event.applied:
        return  # a late event after a final status: recorded, nothing changes
    order = Order.objects.select_for_update().filter(transaction=transaction).first()
    if order is None:
        # Faspay retries later (answered 99): the order may still be being saved.
        raise NotificationRefused(f"no order for bill {transaction.bill_no}")
    order.status = event.status
    if event.payment_status.is_paid:
        order.paid_at = timezone.now()
    order.save(update_fields=["status", "paid_at"])

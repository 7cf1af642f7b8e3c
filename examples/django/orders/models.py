"""An order and the payment events applied to it. ``PaymentEvent.dedupe_key`` is unique, so a
notification Faspay delivers twice is applied once."""

from __future__ import annotations

from django.db import models

import faspay


class Order(models.Model):
    bill_no = models.CharField(max_length=32, unique=True)
    trx_id = models.CharField(max_length=16, blank=True, default="")
    amount = models.DecimalField(max_digits=15, decimal_places=2)
    ovo_number = models.CharField(max_length=15)
    # Faspay's payment_status_code; 0 until a verified notification says otherwise.
    status = models.PositiveSmallIntegerField(default=int(faspay.PaymentStatusCode.UNPROCESSED))
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def payment_status(self) -> faspay.PaymentStatusCode:
        return faspay.PaymentStatusCode(self.status)

    def __str__(self) -> str:
        return f"Order {self.bill_no} ({self.payment_status.name})"


class PaymentEvent(models.Model):
    """One verified notification, stored once per event (Faspay retries deliveries)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    dedupe_key = models.CharField(max_length=128, unique=True)
    payment_status_code = models.PositiveSmallIntegerField()
    payment_total = models.DecimalField(max_digits=15, decimal_places=2, null=True)
    received_at = models.DateTimeField(auto_now_add=True)

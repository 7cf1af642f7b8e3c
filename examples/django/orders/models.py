"""The shop's order. Payments are faspay.django's: ``transaction`` is the Faspay bill, and the
``notification_received`` receiver (``orders/receivers.py``) copies each applied status here."""

from __future__ import annotations

from django.db import models

import faspay
from faspay.django.models import FaspayTransaction


class Order(models.Model):
    bill_no = models.CharField(max_length=32, unique=True)
    amount = models.DecimalField(max_digits=15, decimal_places=2)
    ovo_number = models.CharField(max_length=15)
    transaction = models.OneToOneField(
        FaspayTransaction, null=True, blank=True, on_delete=models.PROTECT, related_name="order"
    )
    # Faspay's payment_status_code; 0 until a verified event says otherwise.
    status = models.PositiveSmallIntegerField(default=int(faspay.PaymentStatusCode.UNPROCESSED))
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def payment_status(self) -> faspay.PaymentStatusCode:
        return faspay.PaymentStatusCode(self.status)

    def __str__(self) -> str:
        return f"Order {self.bill_no} ({self.payment_status.name})"

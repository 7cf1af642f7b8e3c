"""What the app stores: the transactions the shop created through Faspay, and every payment
event (notification or reconciliation answer) once, keyed by its dedupe key."""

from __future__ import annotations

from django.db import models

import faspay

__all__ = ["FaspayTransaction", "FaspayNotification", "STATUS_CHOICES"]

#: Faspay's ``payment_status_code`` values as field choices: the admin shows
#: "2 Payment Success" (lists, filters, detail pages) where the column holds 2.
STATUS_CHOICES = [(int(code), f"{int(code)} {code.description}") for code in faspay.PaymentStatusCode]


class FaspayTransaction(models.Model):
    """A bill created at Faspay by ``faspay.django.create_transaction``. ``status`` is Faspay's
    ``payment_status_code`` as learnt from verified notifications and status inquiries, never
    from a return URL."""

    bill_no = models.CharField(max_length=64, unique=True)
    trx_id = models.CharField(max_length=32, unique=True)
    payment_channel = models.CharField(max_length=8)
    amount = models.DecimalField(
        max_digits=17, decimal_places=2, help_text="The bill total in rupiah."
    )
    status = models.PositiveSmallIntegerField(
        choices=STATUS_CHOICES, default=int(faspay.PaymentStatusCode.UNPROCESSED)
    )
    redirect_url = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_checked_at = models.DateTimeField(
        null=True, blank=True, help_text="The last status inquiry by faspay_reconcile."
    )

    class Meta:
        verbose_name = "Faspay transaction"
        ordering = ["-created_at"]

    @property
    def payment_status(self) -> faspay.PaymentStatusCode:
        return faspay.PaymentStatusCode(self.status)

    def __str__(self) -> str:
        return f"{self.bill_no} ({self.payment_status.name})"


class FaspayNotification(models.Model):
    """One payment event, stored once: Faspay retries deliveries and a reconciliation may learn
    the same event, all with the same ``dedupe_key`` (``merchant_id:bill_no:status``, signed
    values only). ``applied`` says whether it changed the transaction's status (a late
    "failed" after "paid" is recorded, not applied)."""

    SOURCES = [("notification", "notification"), ("reconcile", "status inquiry")]

    dedupe_key = models.CharField(max_length=128, unique=True)
    transaction = models.ForeignKey(
        FaspayTransaction, on_delete=models.PROTECT, related_name="notifications"
    )
    bill_no = models.CharField(max_length=64)
    trx_id = models.CharField(max_length=32)
    status = models.PositiveSmallIntegerField(choices=STATUS_CHOICES)
    bill_total = models.DecimalField(max_digits=17, decimal_places=2, null=True, blank=True)
    payment_total = models.DecimalField(max_digits=17, decimal_places=2, null=True, blank=True)
    source = models.CharField(max_length=16, choices=SOURCES, default="notification")
    format = models.CharField(max_length=8, help_text="json or xml, as received.")
    raw_body = models.TextField(help_text="The body as received (status inquiry: the answer).")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    applied = models.BooleanField(default=False)

    class Meta:
        verbose_name = "Faspay notification"
        ordering = ["-received_at"]

    @property
    def payment_status(self) -> faspay.PaymentStatusCode:
        return faspay.PaymentStatusCode(self.status)

    def __str__(self) -> str:
        return self.dedupe_key

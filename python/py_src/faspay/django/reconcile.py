"""Asking Faspay (``payment_status``) about stored transactions and recording each new status
through the notification's path (``record_event``: same checks, same signal, applied once).
Used by ``manage.py faspay_reconcile`` and the admin's "Ask Faspay for the status" action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List

from django.utils import timezone

import faspay

from .client import get_client
from .events import Outcome, event_from_status, record_event
from .models import FaspayTransaction

__all__ = ["Report", "reconcile"]


@dataclass
class Report:
    """What one reconciliation did: per outcome how many events, how many transactions were
    unchanged or could not be asked, and one line per transaction that changed or failed."""

    outcomes: Dict[Outcome, int] = field(default_factory=lambda: {o: 0 for o in Outcome})
    unchanged: int = 0
    failed: int = 0
    changes: List[str] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.unchanged + self.failed + sum(self.outcomes.values())

    def summary(self) -> str:
        counts = ", ".join(f"{n} {o.value}" for o, n in self.outcomes.items() if n)
        return (
            f"checked {self.checked}: {self.unchanged} unchanged"
            + (f", {counts}" if counts else "")
            + f", {self.failed} failed"
        )


def reconcile(transactions: Iterable[FaspayTransaction]) -> Report:
    """Asks Faspay about each transaction and records a status that differs from the stored
    one. An inquiry that fails (or answers for another merchant) is counted in ``failed``
    with its error code, never raised: the others are still asked."""
    client = get_client()
    report = Report()
    for txn in transactions:
        try:
            answer = client.payment_status(txn.trx_id, txn.bill_no)
        except faspay.FaspayError as error:
            report.failed += 1
            report.errors.append(f"{txn.bill_no}: payment_status failed: {error.code} {error}")
            continue
        FaspayTransaction.objects.filter(pk=txn.pk).update(last_checked_at=timezone.now())
        if answer.merchant_id and answer.merchant_id != client.merchant_id:
            report.failed += 1
            report.errors.append(f"{txn.bill_no}: the answer is for merchant {answer.merchant_id}")
            continue
        if int(answer.payment_status_code) == txn.status:
            report.unchanged += 1
            continue
        outcome = record_event(event_from_status(answer))
        report.outcomes[outcome] += 1
        report.changes.append(f"{txn.bill_no}: {answer.payment_status_code.name} ({outcome.value})")
    return report

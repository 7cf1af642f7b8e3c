"""The one path every payment event takes, whether Faspay notified it or ``faspay_reconcile``
asked for it: match it to the stored transaction, store it once, update the transaction's
status, and send ``notification_received``, all in one database transaction."""

from __future__ import annotations

import enum
import json
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

from django.db import IntegrityError, OperationalError, transaction

import faspay

from .models import FaspayNotification, FaspayTransaction
from .signals import NotificationRefused, notification_received

__all__ = ["Event", "Outcome", "record_event", "event_from_notification", "event_from_status"]

logger = logging.getLogger("faspay.django")


class Outcome(enum.Enum):
    """What happened to an event. Faspay is answered ``00`` for the first three."""

    APPLIED = "applied"  # stored, and it changed the transaction's status
    RECORDED = "recorded"  # stored, but a final status stands (a late event)
    DUPLICATE = "duplicate"  # the same event was stored before: nothing done
    REFUSED = "refused"  # a receiver raised NotificationRefused: nothing stored
    MISMATCH = "mismatch"  # unknown bill, another trx_id, or another amount: nothing stored

    @property
    def accepted(self) -> bool:
        return self in (Outcome.APPLIED, Outcome.RECORDED, Outcome.DUPLICATE)


@dataclass(frozen=True)
class Event:
    """A payment event, from a verified notification or a status inquiry's answer."""

    dedupe_key: str
    bill_no: str
    trx_id: str
    status: faspay.PaymentStatusCode
    bill_total: Optional[Decimal]
    payment_total: Optional[Decimal]
    source: str
    format: str
    raw_body: str
    # Checks the paid amount against the transaction's (raises faspay.ValidationError).
    check_total: Callable[[Decimal], None]


def event_from_notification(notification: faspay.Notification, body: bytes) -> Event:
    return Event(
        dedupe_key=notification.dedupe_key,
        bill_no=notification.bill_no,
        trx_id=notification.trx_id,
        status=notification.payment_status_code,
        bill_total=notification.bill_total,
        payment_total=notification.payment_total,
        source="notification",
        format=notification.format,
        raw_body=body.decode("utf-8", errors="replace"),
        check_total=notification.check_total,
    )


def event_from_status(status: faspay.PaymentStatus) -> Event:
    return Event(
        dedupe_key=status.dedupe_key,
        bill_no=status.bill_no,
        trx_id=status.trx_id,
        status=status.payment_status_code,
        bill_total=None,
        payment_total=status.payment_total,
        source="reconcile",
        format="json",
        raw_body=json.dumps(status.raw, sort_keys=True, default=str),
        check_total=status.check_total,
    )


def supersedes(current: faspay.PaymentStatusCode, new: faspay.PaymentStatusCode) -> bool:
    """Whether an event changes a transaction: anything while it is open, and after a success
    only a reversal (the money was taken back). Other final states never change."""
    if not current.is_final:
        return True
    return current is faspay.PaymentStatusCode.SUCCESS and new is faspay.PaymentStatusCode.REVERSAL


#: How often one event is tried when the database reports lock contention: two deliveries of
#: the same event at once make SQLite refuse one writer ("database is locked"); tried again,
#: it finds the stored event and is a duplicate, answered ``00`` without a second signal.
#: The pauses double from 50 ms (1.55 s in all), so a winner slowed down by a busy machine
#: has committed before the last try.
LOCKED_ATTEMPTS = 6


def record_event(event: Event) -> Outcome:
    """Applies ``event`` once (see ``Outcome``). Logs why an event is not accepted, with the
    bill number and codes only, never a body or a signature. Deliveries of one event at the
    same time store it and signal it once: the loser of the unique ``dedupe_key`` is a
    duplicate, and a writer the database refused for lock contention (``OperationalError``)
    is tried again, up to ``LOCKED_ATTEMPTS`` times, unless a transaction of the caller's
    (``ATOMIC_REQUESTS``) encloses this one: then the error propagates."""
    retry = not transaction.get_connection().in_atomic_block
    for attempt in range(1, LOCKED_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _record(event)
        except NotificationRefused as refusal:
            logger.warning(
                "a notification_received receiver refused %s (status %d, %s): %s",
                event.bill_no,
                int(event.status),
                event.source,
                refusal,
            )
            return Outcome.REFUSED
        except OperationalError as error:
            if not retry or attempt == LOCKED_ATTEMPTS:
                raise
            logger.info(
                "payment event for %s met a busy database (%s), trying again",
                event.bill_no,
                type(error).__name__,
            )
            # The other writer holds the lock until it commits: a short, doubling pause.
            time.sleep(0.05 * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt returns or raises")


def _record(event: Event) -> Outcome:
    # Locking the transaction's row serialises the events of one bill (a no-op on SQLite,
    # which serialises writers anyway).
    txn = FaspayTransaction.objects.select_for_update().filter(bill_no=event.bill_no).first()
    if txn is None:
        logger.warning("payment event for an unknown bill %s (%s)", event.bill_no, event.source)
        return Outcome.MISMATCH
    if txn.trx_id != event.trx_id:
        # trx_id is unsigned: a replayed signature with another transaction's id.
        logger.warning("payment event for %s names another trx_id (%s)", txn.bill_no, event.source)
        return Outcome.MISMATCH
    if FaspayNotification.objects.filter(dedupe_key=event.dedupe_key).exists():
        return Outcome.DUPLICATE
    if event.status.is_paid:
        # The signature does not cover amounts.
        try:
            event.check_total(txn.amount)
        except faspay.ValidationError as error:
            logger.warning(
                "paid event for %s refused: %s (%s)", txn.bill_no, error.code, error.field
            )
            return Outcome.MISMATCH
    applied = supersedes(txn.payment_status, event.status)
    try:
        with transaction.atomic():
            stored = FaspayNotification.objects.create(
                dedupe_key=event.dedupe_key,
                transaction=txn,
                bill_no=event.bill_no,
                trx_id=event.trx_id,
                status=int(event.status),
                bill_total=event.bill_total,
                payment_total=event.payment_total,
                source=event.source,
                format=event.format,
                raw_body=event.raw_body,
                applied=applied,
            )
    except IntegrityError:
        return Outcome.DUPLICATE  # a concurrent delivery of the same event won
    if applied:
        txn.status = int(event.status)
        txn.save(update_fields=["status", "updated_at"])
    notification_received.send(
        sender=FaspayNotification, event=stored, transaction=txn, source=event.source
    )
    return Outcome.APPLIED if applied else Outcome.RECORDED

"""The signal a shop connects to act on payments, and the exception a receiver raises to
refuse one."""

from __future__ import annotations

from django.dispatch import Signal

__all__ = ["notification_received", "NotificationRefused"]

#: Sent once per payment event (a verified notification, or a ``faspay_reconcile`` answer
#: reporting a new status), inside the database transaction that stores it, with
#: ``sender=FaspayNotification`` and the keyword arguments ``event`` (the stored
#: ``FaspayNotification``), ``transaction`` (the ``FaspayTransaction``, its status already
#: updated when ``event.applied``) and ``source`` (``"notification"`` or ``"reconcile"``).
#: A duplicate delivery of the same event sends nothing. Any other exception a receiver raises
#: rolls the event back too and propagates (the endpoint answers 500; Faspay retries).
notification_received = Signal()


class NotificationRefused(Exception):
    """Raised by a ``notification_received`` receiver that cannot take the event now (the
    order is locked, a stock check failed, ...). Nothing is stored, the transaction's status
    does not change, Faspay is answered "not accepted" (``99``) and delivers it again later;
    ``faspay_reconcile`` reports it as refused. The message is logged."""

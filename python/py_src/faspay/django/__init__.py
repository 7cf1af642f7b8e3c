"""faspay for Django: add ``"faspay.django"`` to ``INSTALLED_APPS``, a ``FASPAY`` settings dict,
``path("faspay/", include("faspay.django.urls"))`` and a ``notification_received`` receiver.

- ``get_client()``: the one shared ``faspay.Client`` built from ``settings.FASPAY``.
- ``create_transaction(bill)``: creates the bill at Faspay and stores a ``FaspayTransaction``.
- ``notification_received`` / ``NotificationRefused``: act on (or refuse) each payment event.
- ``faspay.django.views``: the notification endpoint and ``PaymentReturnView``.
- ``manage.py faspay_reconcile``: asks Faspay about transactions still pending.

Install with ``pip install "faspay[django]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

try:
    import django  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        'faspay.django needs Django: pip install "faspay[django]"'
    ) from error

from .client import get_client
from .signals import NotificationRefused, notification_received

if TYPE_CHECKING:
    from .transactions import create_transaction

__all__ = ["get_client", "create_transaction", "notification_received", "NotificationRefused"]


def __getattr__(name: str) -> Any:
    # The models cannot be imported before Django's app registry is ready (settings are read
    # lazily, so get_client and the signal can).
    if name == "create_transaction":
        from .transactions import create_transaction

        return create_transaction
    raise AttributeError(name)

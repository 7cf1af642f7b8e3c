"""Faspay's notification endpoint and the customer's return page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseForbidden,
)
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView

import faspay

from .client import get_client
from .events import event_from_notification, record_event
from .models import FaspayTransaction

__all__ = ["notify", "PaymentReturn", "verify_return", "PaymentReturnView"]

logger = logging.getLogger("faspay.django")


@csrf_exempt  # Faspay cannot send a CSRF token; the signature is the proof.
@require_POST
def notify(request: HttpRequest) -> HttpResponseBase:
    """Faspay's payment notification: verified, stored once, signalled, answered with the exact
    reply. Forged: 403; not a notification: 400 (both logged with their code only)."""
    client = get_client()
    body = request.body  # the raw bytes: the signature is over what Faspay sent
    try:
        notification = client.parse_notification(body)
    except faspay.SignatureError as error:
        logger.warning("refused a notification: %s", error.code)
        return HttpResponseForbidden("notification refused", content_type="text/plain")
    except faspay.ValidationError as error:
        logger.warning("refused a malformed notification: %s (field %s)", error.code, error.field)
        return HttpResponseBadRequest("not a Faspay notification", content_type="text/plain")
    outcome = record_event(event_from_notification(notification, body))
    return HttpResponse(
        client.notification_reply(notification, outcome.accepted),
        content_type=notification.reply_content_type,
    )


@dataclass(frozen=True)
class PaymentReturn:
    """What the customer's return URL may tell a page. ``info`` is the verified query string:
    the browser's claim, never proof of payment. ``status`` is the stored status, learnt from
    verified notifications and status inquiries only."""

    info: faspay.ReturnInfo
    transaction: Optional[FaspayTransaction]

    @property
    def status(self) -> faspay.PaymentStatusCode:
        if self.transaction is None:
            return faspay.PaymentStatusCode.UNPROCESSED
        return self.transaction.payment_status

    @property
    def is_paid(self) -> bool:
        return self.status.is_paid

    @property
    def is_final(self) -> bool:
        return self.status.is_final


def verify_return(request: HttpRequest) -> PaymentReturn:
    """Verifies the return query string (``faspay.SignatureError`` / ``ValidationError`` if
    forged or malformed) and finds the stored transaction of its bill and ``trx_id``."""
    info = get_client().verify_return(request.GET)
    txn = FaspayTransaction.objects.filter(bill_no=info.bill_no, trx_id=info.trx_id).first()
    return PaymentReturn(info=info, transaction=txn)


@method_decorator(require_GET, name="dispatch")
class PaymentReturnView(TemplateView):
    """The customer's return page. Renders ``template_name`` (default ``faspay/return.html``)
    with ``payment`` (a ``PaymentReturn``), ``transaction`` and ``status``; a query string
    that does not verify is answered 400. ``PaymentReturnView.as_view(template_name=...)``
    renders the shop's own template."""

    template_name = "faspay/return.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.payment = verify_return(request)
        except faspay.FaspayError as error:
            logger.warning("refused a return URL: %s (field %s)", error.code, error.field)
            return HttpResponseBadRequest("This payment link is not valid.", content_type="text/plain")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> Dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            payment=self.payment,
            transaction=self.payment.transaction,
            status=self.payment.status,
        )
        return context

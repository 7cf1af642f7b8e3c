"""The three views a shop needs for OVO through Faspay.

- ``checkout``: creates the order and the Faspay transaction, then pushes the payment request
  to the customer's OVO app (the call blocks until the customer decides; a real shop would
  run it in a task queue and show a "check your OVO app" page meanwhile).
- ``notify``: Faspay's server-to-server notification. CSRF-exempt (Faspay cannot send a
  token); reads the *raw* body, verifies the signature, applies each event once, and answers
  with the exact reply bytes and content type. A forged notification is refused.
- ``payment_return``: where the customer's browser lands afterwards. Its query string is
  verified but never trusted as proof of payment: the page shows what the verified
  notification recorded, or asks Faspay.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseForbidden,
)
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import faspay

from . import payments
from .models import Order, PaymentEvent

logger = logging.getLogger(__name__)

PRODUCT = "Kopi susu"
PRICE = Decimal("15000")
OVO = "812"


def _page(title: str, body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(
        format_html("<!doctype html><title>{}</title><h1>{}</h1>", title, title) + body,
        status=status,
    )


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponseBase:
    if request.method == "GET":
        return _page(
            f"{PRODUCT}: Rp {PRICE}",
            format_html(
                '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
                'value="{}">Name <input name="name"> OVO number <input name="ovo_number">'
                '<button>Pay with OVO</button></form>',
                get_token(request),
            ),
        )
    name = request.POST.get("name", "").strip() or "Customer"
    ovo_number = request.POST.get("ovo_number", "").strip()
    order = Order.objects.create(
        bill_no=uuid.uuid4().hex[:16].upper(), amount=PRICE, ovo_number=ovo_number
    )
    bill: faspay.Bill = {
        "bill_no": order.bill_no,
        "bill_desc": PRODUCT,
        "bill_total": order.amount,
        "payment_channel": OVO,
        "cust_no": str(order.pk),
        "cust_name": name,
        "billing_name": name,
        "msisdn": ovo_number,
        "email": "customer@example.com",
        "item": [{"product": PRODUCT, "qty": 1, "amount": order.amount}],
    }
    client = payments.client()
    try:
        created = client.create_transaction(bill)
    except faspay.ValidationError as error:
        order.delete()
        return HttpResponseBadRequest(format_html("Please check your input: {}", error.message))
    except faspay.FaspayError as error:
        # With request_sent the bill may exist at Faspay: keep the order for reconciliation.
        logger.warning("create_transaction failed for %s: %s", order.bill_no, error.code)
        return HttpResponse("Payment is unavailable, please try again.", status=502)
    order.trx_id = created.trx_id
    order.save(update_fields=["trx_id"])
    try:
        client.ovo_push(created.trx_id, ovo_number)
    except faspay.TimeoutError:
        pass  # The push may still succeed: the notification (or an inquiry) will tell.
    except faspay.FaspayError as error:
        # The customer's app got nothing to approve: say so instead of "waiting for your OVO
        # app". The bill stays open at Faspay until it expires; a new checkout starts over.
        logger.warning("ovo_push failed for %s: %s", order.bill_no, error.code)
        return _page(
            "The payment request did not reach your OVO app",
            format_html(
                '<p id="push-failed" data-code="{}">Order {} is not paid. Please check your '
                'OVO number and <a href="/">try again</a>.</p>',
                error.code,
                order.bill_no,
            ),
            status=502,
        )
    return redirect("order", bill_no=order.bill_no)


@csrf_exempt
@require_POST
def notify(request: HttpRequest) -> HttpResponseBase:
    client = payments.client()
    try:
        notification = client.parse_notification(request.body)
    except (faspay.SignatureError, faspay.ValidationError) as error:
        logger.warning("refused a notification: %s", error.code)
        return HttpResponseForbidden("notification refused")
    accepted = _apply(notification)
    return HttpResponse(
        client.notification_reply(notification, accepted),
        content_type=notification.reply_content_type,
    )


def _apply(notification: faspay.Notification) -> bool:
    """Applies a verified notification once. Returns whether it is accepted (``00``); a
    duplicate of an event already applied is accepted again and changes nothing."""
    status = notification.payment_status_code
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(bill_no=notification.bill_no).first()
        if order is None or order.trx_id != notification.trx_id:
            return False
        if status.is_paid:
            # The signature does not cover amounts: check the paid total against the order.
            try:
                notification.check_total(order.amount)
            except faspay.ValidationError as error:
                logger.warning("refused a notification for %s: %s", order.bill_no, error)
                return False
        _, created = PaymentEvent.objects.get_or_create(
            dedupe_key=notification.dedupe_key,
            defaults={
                "order": order,
                "payment_status_code": int(status),
                "payment_total": notification.payment_total,
            },
        )
        if created and _supersedes(order.payment_status, status):
            order.status = int(status)
            if status.is_paid:
                order.paid_at = timezone.now()
            order.save(update_fields=["status", "paid_at"])
    return True


def _supersedes(current: faspay.PaymentStatusCode, new: faspay.PaymentStatusCode) -> bool:
    """Whether a new event changes the order: anything while the order is open, and after a
    success only a reversal (the money was taken back). Other final states never change."""
    if not current.is_final:
        return True
    return current is faspay.PaymentStatusCode.SUCCESS and new is faspay.PaymentStatusCode.REVERSAL


@require_GET
def payment_return(request: HttpRequest) -> HttpResponseBase:
    client = payments.client()
    try:
        info = client.verify_return(request.GET.dict())
    except faspay.FaspayError as error:
        logger.warning("refused a return URL: %s", error.code)
        return HttpResponseBadRequest("This payment link is not valid.")
    order = get_object_or_404(Order, bill_no=info.bill_no)
    # `info.status` is only what the browser claims. Trust the verified notification stored on
    # the order; while none has arrived, ask Faspay directly.
    status = order.payment_status
    if not status.is_final and order.trx_id:
        try:
            status = client.payment_status(order.trx_id, order.bill_no).payment_status_code
        except faspay.FaspayError as error:
            logger.warning("payment_status failed for %s: %s", order.bill_no, error.code)
    return _status_page(order, status)


@require_GET
def order_page(request: HttpRequest, bill_no: str) -> HttpResponseBase:
    order = get_object_or_404(Order, bill_no=bill_no)
    return _status_page(order, order.payment_status)


def _status_page(order: Order, status: faspay.PaymentStatusCode) -> HttpResponse:
    if status.is_paid:
        message = "Paid. Thank you!"
    elif status.is_final:
        message = f"Not paid ({status.description})."
    else:
        message = "Waiting for your payment: please approve it in your OVO app."
    return _page(
        f"Order {order.bill_no}",
        format_html('<p id="status" data-code="{}">{}</p>', int(status), message),
    )

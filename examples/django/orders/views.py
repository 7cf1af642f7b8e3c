"""The shop's own pages; everything Faspay-specific is faspay.django's.

- ``checkout``: creates the order and its Faspay transaction (``faspay.django.create_transaction``),
  then either pushes the payment request to the customer's OVO app (the call blocks until the
  customer decides: a real shop runs it in a task queue) or sends the customer to Faspay's
  payment page. A push that fails is shown to the customer, not left as "waiting".
- ``order_page``: the order's status, as the verified events recorded it.
- ``PaymentReturn``: where Faspay sends the customer back. faspay.django verifies the query
  string but never takes it as proof: the page shows the stored status.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, Dict

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

import faspay
from faspay.django import create_transaction, get_client
from faspay.django.views import PaymentReturnView

from .models import Order

logger = logging.getLogger(__name__)

#: What a refused field means to the customer (``faspay.ValidationError.field``).
INPUT_PROBLEMS = {
    "msisdn": "This is not an OVO number: enter the phone number of your OVO account "
    "(08... or 628..., 9 to 15 digits).",
    "cust_name": "Please check your name.",
    "billing_name": "Please check your name.",
}

PRODUCT = "Kopi susu"
PRICE = Decimal("15000")
OVO = "812"


@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponseBase:
    if request.method == "GET":
        return render(request, "orders/checkout.html", {"product": PRODUCT, "price": PRICE})
    name = request.POST.get("name", "").strip() or "Customer"
    ovo_number = request.POST.get("ovo_number", "").strip()
    order = Order.objects.create(
        bill_no=faspay.generate_bill_no(), amount=PRICE, ovo_number=ovo_number
    )
    try:
        txn = create_transaction(
            {
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
        )
    except faspay.ValidationError as error:
        # Nothing was sent: the form again, with what to fix in the customer's words.
        order.delete()
        problem = INPUT_PROBLEMS.get(error.field or "", "Please check your details.")
        context = {"product": PRODUCT, "price": PRICE, "error": problem, "name": name,
                   "ovo_number": ovo_number}
        return render(request, "orders/checkout.html", context, status=400)
    except faspay.FaspayError as error:
        logger.warning("create_transaction failed for %s: %s", order.bill_no, error.code)
        return HttpResponse("Payment is unavailable, please try again.", status=502)
    order.transaction = txn
    order.save(update_fields=["transaction"])
    if request.POST.get("pay_on") == "faspay":
        return redirect(txn.redirect_url)  # Faspay's payment page, then back to the return URL
    try:
        get_client().ovo_push(txn.trx_id, ovo_number)
    except faspay.TimeoutError:
        pass  # The push may still succeed: the notification (or faspay_reconcile) will tell.
    except faspay.FaspayError as error:
        # The customer's app got nothing to approve: say so instead of "waiting for your OVO
        # app". The bill stays open at Faspay until it expires; a new checkout starts over.
        logger.warning("ovo_push failed for %s: %s", order.bill_no, error.code)
        return render(request, "orders/push_failed.html", {"order": order, "error": error}, status=502)
    return redirect("order", bill_no=order.bill_no)


@require_GET
def order_page(request: HttpRequest, bill_no: str) -> HttpResponse:
    order = get_object_or_404(Order, bill_no=bill_no)
    context = {"order": order, "bill_no": order.bill_no, "status": order.payment_status}
    return render(request, "orders/order.html", context)


class PaymentReturn(PaymentReturnView):
    template_name = "orders/order.html"

    def get_context_data(self, **kwargs: Any) -> Dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["order"] = Order.objects.filter(transaction=self.payment.transaction).first()
        context["bill_no"] = self.payment.info.bill_no
        return context

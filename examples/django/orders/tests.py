"""End-to-end test of the shop: Django's live server receives real notifications over HTTP
from the in-process Faspay sandbox (``faspay.testing.Sandbox``)."""

from __future__ import annotations

import importlib
import json
import os
import urllib.error
import urllib.request
from typing import Any, Dict, Tuple
from unittest import mock

from django.test import LiveServerTestCase, SimpleTestCase, override_settings

import faspay
from faspay.django import get_client
from faspay.django.models import FaspayNotification
from faspay.testing import Sandbox

from . import oracle_checks
from .models import Order

APPROVES = "081234567890"  # the sandbox's OVO customer approves
REJECTS = "081234567000"  # ... rejects
NEVER_ANSWERS = "081234567999"  # ... never answers (pending until the admin acts)


def post(url: str, body: str, content_type: str) -> Tuple[int, str, bytes]:
    request = urllib.request.Request(
        url, data=body.encode("utf-8"), method="POST", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


class OvoCheckoutTest(LiveServerTestCase):
    sandbox: Sandbox

    def setUp(self) -> None:
        self.sandbox = Sandbox(push_delay=0.2, notify_retry_delay=0.2)
        self.sandbox.notify_url = f"{self.live_server_url}/faspay/notify/"
        faspay_settings = {
            "merchant_id": self.sandbox.merchant_id,
            "merchant_name": self.sandbox.merchant_name,
            "user_id": self.sandbox.user_id,
            "password": self.sandbox.password,
            "environment": "sandbox",
            "base_url": self.sandbox.base_url,
            "format": "json",
            "push_timeout": 1.0,
        }
        override = override_settings(FASPAY=faspay_settings)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(self.sandbox.close)
        # Runs first (cleanups run last-in first-out), while the sandbox and the orders exist.
        self.addCleanup(oracle_checks.check_sandbox, self.sandbox)

    def checkout(self, ovo_number: str) -> Order:
        response = self.client.post("/", {"name": "Budi", "ovo_number": ovo_number})
        self.assertEqual(response.status_code, 302)
        order = Order.objects.get(ovo_number=ovo_number)
        assert order.transaction is not None
        self.assertEqual(len(order.transaction.trx_id), 16)
        self.assertEqual(len(order.bill_no), faspay.BILL_NO_LENGTH)
        return order

    def trx_id(self, order: Order) -> str:
        assert order.transaction is not None
        return order.transaction.trx_id

    def status_code(self, order: Order) -> int:
        order.refresh_from_db()
        return order.status

    def test_approved_payment_is_applied_once(self) -> None:
        order = self.checkout(APPROVES)
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        delivery = self.sandbox.deliveries()[0]
        self.assertEqual(delivery.http_status, 200)
        self.assertTrue(delivery.accepted, delivery.error)
        self.assertEqual(delivery.payment_status_code, faspay.PaymentStatusCode.SUCCESS)
        self.assertEqual(self.status_code(order), 2)
        paid_at = order.paid_at
        self.assertIsNotNone(paid_at)

        # Faspay delivers the same notification again: nothing changes, and it still gets 00.
        status, content_type, reply = post(
            f"{self.live_server_url}/faspay/notify/", delivery.request_body, "application/json"
        )
        self.assertEqual(status, 200)
        self.assertTrue(content_type.startswith("application/json"))
        self.assertEqual(json.loads(reply)["response_code"], "00")
        self.assertEqual(FaspayNotification.objects.filter(bill_no=order.bill_no).count(), 1)
        order.refresh_from_db()
        self.assertEqual(order.paid_at, paid_at)

        page = self.client.get(f"/orders/{order.bill_no}/")
        self.assertContains(page, 'data-code="2"')

    def test_a_reversal_after_payment_reopens_nothing_but_is_recorded(self) -> None:
        order = self.checkout(APPROVES)
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        paid = json.loads(self.sandbox.deliveries()[0].request_body)
        self.assertEqual(self.status_code(order), 2)
        # Faspay reverses the payment (status 4), signed like every notification.
        reversal = dict(
            paid,
            payment_status_code="4",
            payment_status_desc="Payment Reversal",
            # Signed by the oracle's own formula, not the SDK's.
            signature=oracle_checks.signature(
                self.sandbox.user_id, self.sandbox.password, order.bill_no + "4"
            ),
        )
        url = f"{self.live_server_url}/faspay/notify/"
        status, _, reply = post(url, json.dumps(reversal), "application/json")
        self.assertEqual((status, json.loads(reply)["response_code"]), (200, "00"))
        self.assertEqual(self.status_code(order), 4)
        # A late duplicate of the success changes nothing: the reversal stands.
        status, _, reply = post(url, json.dumps(paid), "application/json")
        self.assertEqual((status, json.loads(reply)["response_code"]), (200, "00"))
        self.assertEqual(self.status_code(order), 4)
        self.assertEqual(FaspayNotification.objects.filter(bill_no=order.bill_no).count(), 2)

    def test_forged_notification_is_refused(self) -> None:
        order = self.checkout(NEVER_ANSWERS)
        self.assertEqual(self.status_code(order), 0)
        url = f"{self.live_server_url}/faspay/notify/"
        forged = {
            "request": "Payment Notification",
            "trx_id": self.trx_id(order),
            "merchant_id": self.sandbox.merchant_id,
            "merchant": self.sandbox.merchant_name,
            "bill_no": order.bill_no,
            "payment_reff": "FORGED",
            "payment_date": "2026-01-01 10:00:00",
            "payment_status_code": "2",
            "payment_status_desc": "Payment Sukses",
            "bill_total": "1500000",
            "payment_total": "1500000",
            "payment_channel_uid": "812",
            "payment_channel": "OVO",
        }
        # The status-less signature is public (it is in the redirect URL), a guessed password
        # is wrong: both are refused and the order stays unpaid.
        for signature in (
            oracle_checks.signature(self.sandbox.user_id, self.sandbox.password, order.bill_no),
            oracle_checks.signature(self.sandbox.user_id, "guess", order.bill_no + "2"),
        ):
            body = json.dumps(dict(forged, signature=signature))
            status, _, reply = post(url, body, "application/json")
            self.assertEqual(status, 403)
            self.assertNotIn(b'"00"', reply)
        self.assertEqual(self.status_code(order), 0)
        self.assertFalse(FaspayNotification.objects.exists())

        # The real notification, once the sandbox's admin approves, is accepted.
        self.sandbox.approve(self.trx_id(order))
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        self.assertTrue(self.sandbox.deliveries()[0].accepted)
        self.assertEqual(self.status_code(order), 2)

    def test_notification_from_an_impostor_is_refused(self) -> None:
        order = self.checkout(NEVER_ANSWERS)
        # Another "Faspay" that knows the merchant id and the order's bill_no, but not the
        # shop's password, delivers a signed "paid" notification over HTTP.
        with Sandbox(password="not-the-shops", notify_max_retries=0) as impostor:
            impostor.notify_url = f"{self.live_server_url}/faspay/notify/"
            fake = impostor.client().create_transaction(
                {
                    "bill_no": order.bill_no,
                    "bill_desc": "Kopi susu",
                    "bill_total": order.amount,
                    "payment_channel": "812",
                    "cust_no": "1",
                    "cust_name": "Mallory",
                    "billing_name": "Mallory",
                    "msisdn": NEVER_ANSWERS,
                    "email": "mallory@example.com",
                    "item": [{"product": "Kopi susu", "qty": 1, "amount": order.amount}],
                }
            )
            impostor.approve(fake.trx_id)
            self.assertTrue(impostor.wait_for_deliveries(1, timeout=10))
            delivery = impostor.deliveries()[0]
            self.assertEqual(delivery.http_status, 403)
            self.assertFalse(delivery.accepted)
            self.assertEqual(oracle_checks.check_sandbox(impostor), 1)
        self.assertEqual(self.status_code(order), 0)
        self.assertFalse(FaspayNotification.objects.exists())

    def test_a_number_that_is_not_an_ovo_number_is_refused_at_checkout(self) -> None:
        response = self.client.post("/", {"name": "Budi", "ovo_number": "12"})
        self.assertEqual(response.status_code, 400)
        # The form again, saying what to fix, with what the customer typed.
        self.assertContains(response, "This is not an OVO number", status_code=400)
        self.assertContains(response, 'name="ovo_number" inputmode="tel" value="12"', status_code=400)
        self.assertNotContains(response, "msisdn", status_code=400)
        self.assertFalse(Order.objects.exists())
        self.assertEqual(self.sandbox.transactions(), [])

    def test_paying_on_faspays_page_redirects_there(self) -> None:
        response = self.client.post(
            "/", {"name": "Budi", "ovo_number": NEVER_ANSWERS, "pay_on": "faspay"}
        )
        self.assertEqual(response.status_code, 302)
        order = Order.objects.get()
        self.assertTrue(response["Location"].startswith(f"{self.sandbox.base_url}/pws/100003/"))
        self.assertIn(f"bill_no={order.bill_no}", response["Location"])
        self.assertEqual(self.sandbox.requests()[-1].path, "/cvr/300011/10")  # no push sent

    def test_a_failed_push_is_shown_to_the_customer(self) -> None:
        self.sandbox.set_fault("server_error", endpoint="ovo_push", status=503)
        response = self.client.post("/", {"name": "Budi", "ovo_number": APPROVES})
        self.assertEqual(response.status_code, 502)
        self.assertContains(response, 'id="push-failed"', status_code=502)
        self.assertContains(response, 'data-code="TRANSPORT"', status_code=502)
        self.assertNotContains(response, "Waiting for your payment", status_code=502)
        order = Order.objects.get(ovo_number=APPROVES)
        self.assertEqual(self.status_code(order), 0)

    def test_a_paid_notification_with_a_changed_amount_is_not_applied(self) -> None:
        order = self.checkout(NEVER_ANSWERS)
        self.sandbox.approve(self.trx_id(order))
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        genuine = json.loads(self.sandbox.deliveries()[0].request_body)
        order.status = 0
        order.paid_at = None
        order.save()
        FaspayNotification.objects.all().delete()
        assert order.transaction is not None
        order.transaction.status = 0
        order.transaction.save()
        # The signature covers bill_no and the status only: Rp 1 instead of Rp 15,000 still
        # verifies, and must be refused by the amount check.
        tampered = dict(genuine, payment_total="100")
        url = f"{self.live_server_url}/faspay/notify/"
        status, _, reply = post(url, json.dumps(tampered), "application/json")
        self.assertEqual(status, 200)
        self.assertNotEqual(json.loads(reply)["response_code"], "00")
        self.assertEqual(self.status_code(order), 0)
        self.assertFalse(FaspayNotification.objects.exists())

    def test_rejected_payment(self) -> None:
        order = self.checkout(REJECTS)
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        self.assertTrue(self.sandbox.deliveries()[0].accepted)
        self.assertEqual(self.status_code(order), 3)
        self.assertIsNone(order.paid_at)

    def test_xml_notifications_get_an_xml_reply(self) -> None:
        self.sandbox.notify_format = "xml"
        order = self.checkout(NEVER_ANSWERS)
        self.sandbox.approve(self.trx_id(order))
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        delivery = self.sandbox.deliveries()[0]
        self.assertTrue(delivery.accepted, delivery.error)
        self.assertIn("<response_code>00</response_code>", delivery.reply_body or "")
        self.assertEqual(self.status_code(order), 2)

    def test_return_page_does_not_trust_the_query_string(self) -> None:
        order = self.checkout(NEVER_ANSWERS)
        user, password = self.sandbox.user_id, self.sandbox.password
        claim_paid = {
            "trx_id": self.trx_id(order),
            "merchant_id": self.sandbox.merchant_id,
            "bill_no": order.bill_no,
            "status": "2",
            # By the documented formula (hashlib), not the library under test.
            "signature": oracle_checks.signature(user, password, order.bill_no + "2"),
        }
        page = self.client.get("/orders/return/", claim_paid)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'data-code="2"')
        self.assertContains(page, "Waiting for your payment")

        tampered = dict(claim_paid, signature="0" * 40)
        self.assertEqual(self.client.get("/orders/return/", tampered).status_code, 400)

        self.sandbox.approve(self.trx_id(order))
        self.assertTrue(self.sandbox.wait_for_deliveries(1, timeout=10))
        self.assertContains(self.client.get("/orders/return/", claim_paid), 'data-code="2"')


class SettingsTest(SimpleTestCase):
    """The settings comment about FASPAY_BASE_URL says what the code does."""

    def faspay_settings(self, **env: str) -> Dict[str, Any]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith("FASPAY_")}
        with mock.patch.dict(os.environ, {**keep, **env}, clear=True):
            import shop.settings

            faspay_settings = dict(importlib.reload(shop.settings).FASPAY)
        importlib.reload(shop.settings)
        return faspay_settings

    def test_the_default_is_the_local_sandbox(self) -> None:
        faspay_settings = self.faspay_settings()
        with override_settings(FASPAY=faspay_settings):
            self.assertEqual(get_client().base_url, "http://127.0.0.1:8765")

    def test_an_empty_base_url_talks_to_faspay_for_the_environment(self) -> None:
        for environment, host in (
            ("sandbox", "https://debit-sandbox.faspay.co.id"),
            ("production", "https://web.faspay.co.id"),
        ):
            faspay_settings = self.faspay_settings(
                FASPAY_BASE_URL="", FASPAY_ENVIRONMENT=environment
            )
            with override_settings(FASPAY=faspay_settings):
                self.assertEqual(get_client().base_url, host)

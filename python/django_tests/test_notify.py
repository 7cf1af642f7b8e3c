"""The notification endpoint: verify, store once, signal inside the transaction, exact reply."""

from __future__ import annotations

import json
from xml.etree import ElementTree
from decimal import Decimal
from typing import Any

from django.test import Client, TestCase, TransactionTestCase

import faspay
from faspay.django import get_client
from faspay.django.models import FaspayNotification, FaspayTransaction

from .helpers import (
    PASSWORD,
    USER_ID,
    SignalRecorder,
    check_json_reply,
    json_body,
    notification_fields,
    signature,
    stored_transaction,
    xml_body,
)

URL = "/faspay/notify/"


class NotifyTest(TestCase):
    def setUp(self) -> None:
        self.recorder = SignalRecorder()
        self.addCleanup(self.recorder.close)
        self.txn = stored_transaction()
        # Faspay cannot send a CSRF token: the endpoint must not need one.
        self.faspay = Client(enforce_csrf_checks=True)

    def post(self, body: bytes, content_type: str = "application/json") -> Any:
        return self.faspay.post(URL, body, content_type=content_type)

    def code(self, response: Any) -> str:
        return str(json.loads(response.content)["response_code"])

    def test_a_paid_notification_is_stored_signalled_and_answered_exactly(self) -> None:
        body = json_body(notification_fields(self.txn))
        response = self.post(body)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        check_json_reply(response.content, self.txn, "00")
        [event] = FaspayNotification.objects.all()
        self.assertEqual(event.dedupe_key, f"99999:{self.txn.bill_no}:2")
        self.assertEqual(event.raw_body, body.decode())
        self.assertEqual((event.status, event.payment_total, event.bill_total), (2, Decimal("15000"), Decimal("15000")))
        self.assertEqual((event.source, event.format, event.applied), ("notification", "json", True))
        self.assertIsNotNone(event.received_at)
        self.txn.refresh_from_db()
        self.assertEqual(self.txn.status, 2)
        [call] = self.recorder.calls
        self.assertEqual(call["event"], event)
        self.assertEqual(call["transaction"].status, 2)
        self.assertEqual(call["source"], "notification")

    def test_a_duplicate_delivery_is_answered_00_without_a_second_signal(self) -> None:
        body = json_body(notification_fields(self.txn))
        self.assertEqual(self.code(self.post(body)), "00")
        # A replay with other unsigned values is the same event.
        replay = json_body(notification_fields(self.txn, payment_reff="OTHER"))
        for again in (body, replay):
            response = self.post(again)
            self.assertEqual((response.status_code, self.code(response)), (200, "00"))
        self.assertEqual(len(self.recorder.calls), 1)
        self.assertEqual(FaspayNotification.objects.count(), 1)

    def test_a_refusing_receiver_gets_99_and_nothing_is_stored(self) -> None:
        self.recorder.refuse = True
        body = json_body(notification_fields(self.txn))
        with self.assertLogs("faspay.django", "WARNING") as logs:
            response = self.post(body)
        self.assertEqual(response.status_code, 200)
        check_json_reply(response.content, self.txn, "99")
        self.assertIn("the order is being edited", "\n".join(logs.output))
        self.assertFalse(FaspayNotification.objects.exists())
        self.txn.refresh_from_db()
        self.assertEqual(self.txn.status, 0)
        # Faspay delivers it again later; now the receiver takes it.
        self.recorder.refuse = False
        self.assertEqual(self.code(self.post(body)), "00")
        self.assertEqual(len(self.recorder.calls), 2)
        self.assertTrue(FaspayNotification.objects.get().applied)

    def test_forged_notifications_get_403_and_the_log_holds_no_secret(self) -> None:
        forged = notification_fields(
            self.txn, signature=signature(USER_ID, "guess", self.txn.bill_no, "2")
        )
        # The status-less signature: what the redirect URL shows every customer.
        statusless = notification_fields(
            self.txn, signature=signature(USER_ID, PASSWORD, self.txn.bill_no)
        )
        for fields in (forged, statusless):
            with self.assertLogs("faspay.django", "WARNING") as logs:
                response = self.post(json_body(fields))
            self.assertEqual(response.status_code, 403)
            output = "\n".join(logs.output)
            self.assertIn("INVALID_SIGNATURE", output)
            self.assertNotIn(fields["signature"], output)
            self.assertNotIn(PASSWORD, output)
        self.assertFalse(FaspayNotification.objects.exists())
        self.assertEqual(self.recorder.calls, [])

    def test_malformed_bodies_get_400(self) -> None:
        for body in (b"", b"<!DOCTYPE html><html>502 Bad Gateway</html>", b"{", b"x" * 70_000):
            with self.assertLogs("faspay.django", "WARNING") as logs:
                response = self.post(body)
            self.assertEqual(response.status_code, 400, body[:40])
            self.assertIn("INVALID_ARGUMENT", "\n".join(logs.output))
        self.assertFalse(FaspayNotification.objects.exists())

    def test_only_post_is_allowed(self) -> None:
        self.assertEqual(self.faspay.get(URL).status_code, 405)

    def test_an_xml_notification_gets_an_xml_reply(self) -> None:
        response = self.post(xml_body(notification_fields(self.txn)), "text/xml")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith(("text/xml", "application/xml")))
        reply = ElementTree.fromstring(response.content)
        self.assertEqual(reply.tag, "faspay")
        self.assertEqual(
            {child.tag: child.text for child in reply if child.tag != "response_date"},
            {
                "response": "Payment Notification",
                "trx_id": self.txn.trx_id,
                "merchant_id": "99999",
                "bill_no": self.txn.bill_no,
                "response_code": "00",
                "response_desc": "Success",
            },
        )
        self.assertEqual(FaspayNotification.objects.get().format, "xml")

    def test_events_that_do_not_match_the_transaction_are_not_accepted(self) -> None:
        other = FaspayTransaction(bill_no="1000000000000999", trx_id="9999900000000999", amount=1)
        cases = {
            "unknown bill": notification_fields(other),
            "another trx_id": notification_fields(self.txn, trx_id="9999912345678901"),
            "another amount": notification_fields(self.txn, payment_total="100"),
            "no amount": {
                k: v for k, v in notification_fields(self.txn).items() if k != "payment_total"
            },
        }
        for name, fields in cases.items():
            with self.assertLogs("faspay.django", "WARNING"):
                response = self.post(json_body(fields))
            self.assertEqual((response.status_code, self.code(response)), (200, "99"), name)
        self.assertFalse(FaspayNotification.objects.exists())
        self.assertEqual(self.recorder.calls, [])

    def test_a_late_failure_is_recorded_but_a_reversal_applies(self) -> None:
        self.assertEqual(self.code(self.post(json_body(notification_fields(self.txn)))), "00")
        late = json_body(notification_fields(self.txn, "3", payment_status_desc="Gagal"))
        self.assertEqual(self.code(self.post(late)), "00")
        self.txn.refresh_from_db()
        self.assertEqual(self.txn.status, 2)
        self.assertFalse(FaspayNotification.objects.get(status=3).applied)
        reversal = json_body(notification_fields(self.txn, "4", payment_status_desc="Reversal"))
        self.assertEqual(self.code(self.post(reversal)), "00")
        self.txn.refresh_from_db()
        self.assertEqual(self.txn.status, 4)
        self.assertEqual([c["event"].applied for c in self.recorder.calls], [True, False, True])


class SignalInsideTheTransactionTest(TransactionTestCase):
    """Without TestCase's own wrapping transaction: the receiver runs inside the one that
    stores the event, so whatever it writes commits or rolls back with it."""

    def test_the_signal_is_sent_inside_the_database_transaction(self) -> None:
        recorder = SignalRecorder()
        self.addCleanup(recorder.close)
        txn = stored_transaction()
        response = Client().post(URL, json_body(notification_fields(txn)), content_type="application/json")
        self.assertEqual(response.status_code, 200)
        [call] = recorder.calls
        self.assertTrue(call["in_atomic_block"])


    def test_a_failing_receiver_rolls_everything_back_and_the_endpoint_answers_500(self) -> None:
        recorder = SignalRecorder()
        self.addCleanup(recorder.close)
        recorder.fail = RuntimeError("the receiver has a bug")
        txn = stored_transaction()
        body = json_body(notification_fields(txn))
        faspay_side = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):
            response = faspay_side.post(URL, body, content_type="application/json")
        self.assertEqual(response.status_code, 500)  # Faspay delivers it again later
        self.assertFalse(FaspayNotification.objects.exists())
        txn.refresh_from_db()
        self.assertEqual((txn.status, txn.payment_channel), (0, "812"))
        # The next delivery, once the receiver works, is applied (it was not a duplicate).
        recorder.fail = None
        response = faspay_side.post(URL, body, content_type="application/json")
        check_json_reply(response.content, txn, "00")
        txn.refresh_from_db()
        self.assertEqual(txn.status, 2)
        self.assertEqual(len(recorder.calls), 2)

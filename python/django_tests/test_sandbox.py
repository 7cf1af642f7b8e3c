"""Against the in-process sandbox: create_transaction, faspay_reconcile, the return page, the
admin, and real notifications delivered over HTTP to the live server."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Dict

from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import LiveServerTestCase, TestCase, override_settings

import faspay
from faspay.django import create_transaction
from faspay.django.models import FaspayNotification, FaspayTransaction
from faspay.testing import Sandbox

from .helpers import SignalRecorder, json_body, notification_fields, signature

NEVER_ANSWERS = "081234567999"  # the sandbox's OVO customer who never decides


def bill(bill_no: str, total: Any = 15000) -> faspay.Bill:
    return {
        "bill_no": bill_no,
        "bill_desc": "Kopi susu",
        "bill_total": total,
        "payment_channel": "812",
        "cust_no": "42",
        "cust_name": "Budi",
        "billing_name": "Budi",
        "msisdn": NEVER_ANSWERS,
        "email": "budi@example.com",
        "item": [{"product": "Kopi susu", "qty": 1, "amount": total}],
    }


def sandbox_settings(sandbox: Sandbox) -> Dict[str, Any]:
    return {
        "merchant_id": sandbox.merchant_id,
        "merchant_name": sandbox.merchant_name,
        "user_id": sandbox.user_id,
        "password": sandbox.password,
        "base_url": sandbox.base_url,
        "max_retries": 0,
    }


class WithSandbox(TestCase):
    def setUp(self) -> None:
        self.sandbox = Sandbox()
        self.addCleanup(self.sandbox.close)
        override = override_settings(FASPAY=sandbox_settings(self.sandbox))
        override.enable()
        self.addCleanup(override.disable)
        self.recorder = SignalRecorder()
        self.addCleanup(self.recorder.close)


class CreateTransactionTest(WithSandbox):
    def test_the_transaction_is_created_at_faspay_and_stored_in_rupiah(self) -> None:
        txn = create_transaction(bill("1000000000000001", Decimal("15000.50")))
        at_faspay = self.sandbox.transaction(txn.trx_id)
        assert at_faspay is not None
        self.assertEqual(at_faspay.bill_no, "1000000000000001")
        self.assertEqual(txn.amount, Decimal("15000.50"))
        self.assertEqual(FaspayTransaction.objects.get().amount, Decimal("15000.50"))
        self.assertEqual((txn.status, txn.payment_channel), (0, "812"))
        self.assertIn("/pws/100003/", txn.redirect_url)

    def test_a_refused_bill_stores_nothing(self) -> None:
        with self.assertRaises(faspay.ValidationError) as raised:
            create_transaction(dict(bill("1000000000000002"), msisdn="12"))  # type: ignore[arg-type]
        self.assertEqual(raised.exception.field, "msisdn")
        self.assertFalse(FaspayTransaction.objects.exists())


class ReconcileTest(WithSandbox):
    def reconcile(self, *args: str) -> str:
        out = io.StringIO()
        call_command("faspay_reconcile", *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_a_lost_notification_is_recorded_through_the_same_path(self) -> None:
        paid = create_transaction(bill("1000000000000001"))
        waiting = create_transaction(bill("1000000000000002"))
        self.sandbox.approve(paid.trx_id)  # no notify_url: the notification is "lost"
        self.assertIn("checked 0", self.reconcile("--older-than", "1h"))
        output = self.reconcile("--older-than", "0")
        self.assertIn("1000000000000001: SUCCESS (applied)", output)
        self.assertIn("checked 2: 1 unchanged, 1 applied, 0 failed", output)
        paid.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual((paid.status, waiting.status), (2, 0))
        self.assertIsNotNone(waiting.last_checked_at)
        [call] = self.recorder.calls
        self.assertEqual((call["source"], call["event"].dedupe_key), ("reconcile", f"99999:{paid.bill_no}:2"))
        self.assertEqual(FaspayNotification.objects.get().source, "reconcile")
        # The notification arrives late: the same event, answered 00, no second signal.
        late = self.client.post(
            "/faspay/notify/", json_body(notification_fields(paid)), content_type="application/json"
        )
        self.assertEqual(late.json()["response_code"], "00")
        self.assertEqual(len(self.recorder.calls), 1)
        # The paid one is final now: only the waiting one is asked again.
        self.assertIn("checked 1: 1 unchanged", self.reconcile("--older-than", "0"))

    def test_a_notification_first_then_reconcile_finds_nothing_new(self) -> None:
        txn = create_transaction(bill("1000000000000003"))
        self.sandbox.expire(txn.trx_id)
        fields = notification_fields(txn, "7", payment_status_desc="Expired")
        del fields["payment_total"]
        self.client.post("/faspay/notify/", json_body(fields), content_type="application/json")
        txn.refresh_from_db()
        self.assertEqual(txn.status, 7)
        self.assertIn("checked 0", self.reconcile("--older-than", "0"))
        self.assertEqual(len(self.recorder.calls), 1)

    def test_a_refusing_receiver_leaves_the_transaction_pending(self) -> None:
        txn = create_transaction(bill("1000000000000004"))
        self.sandbox.approve(txn.trx_id)
        self.recorder.refuse = True
        self.assertIn("1 refused", self.reconcile("--older-than", "0"))
        txn.refresh_from_db()
        self.assertEqual(txn.status, 0)
        self.assertFalse(FaspayNotification.objects.exists())

    def test_a_failed_inquiry_fails_the_command(self) -> None:
        txn = create_transaction(bill("1000000000000005"))
        self.sandbox.set_fault("server_error", endpoint="payment_status", status=503)
        errors = io.StringIO()
        with self.assertRaises(CommandError) as failed:
            call_command(
                "faspay_reconcile", "--older-than", "0", stdout=io.StringIO(), stderr=errors
            )
        self.assertEqual(str(failed.exception), "1 inquiries failed")
        self.assertIn(f"{txn.bill_no}: payment_status failed: TRANSPORT", errors.getvalue())

    def test_bad_arguments_are_refused_with_what_is_expected(self) -> None:
        for option, value, expected in (
            ("--older-than", "soon", "'soon' is not an age like 90, 30s, 15m, 2h or 1d"),
            ("--older-than", "5w", "'5w' is not an age"),
            ("--limit", "-1", "'-1' is not a positive number of transactions"),
            ("--limit", "0", "'0' is not a positive number of transactions"),
        ):
            with self.assertRaises(CommandError) as refused:
                self.reconcile(option, value)
            self.assertIn(f"argument {option}: {expected}", str(refused.exception))


class ReturnPageTest(WithSandbox):
    def claim(self, txn: FaspayTransaction, status: str) -> Dict[str, str]:
        return {
            "trx_id": txn.trx_id,
            "merchant_id": "99999",
            "bill_no": txn.bill_no,
            "status": status,
            "signature": signature(self.sandbox.user_id, self.sandbox.password, txn.bill_no, status),
        }

    def test_the_query_string_is_verified_but_never_proof_of_payment(self) -> None:
        txn = create_transaction(bill("1000000000000006"))
        claim_paid = self.claim(txn, "2")
        page = self.client.get("/faspay/return/", claim_paid)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'data-code="0"')
        self.assertContains(page, "Waiting for the payment")
        self.assertEqual(page.context["payment"].info.status, 2)  # what the browser claims
        self.assertFalse(page.context["payment"].is_paid)  # what is stored

        tampered = dict(claim_paid, signature="0" * 40)
        self.assertEqual(self.client.get("/faspay/return/", tampered).status_code, 400)
        repeated = "&".join(f"{k}={v}" for k, v in claim_paid.items()) + "&status=3"
        self.assertEqual(self.client.get(f"/faspay/return/?{repeated}").status_code, 400)

        self.client.post(
            "/faspay/notify/", json_body(notification_fields(txn)), content_type="application/json"
        )
        page = self.client.get("/faspay/return/", claim_paid)
        self.assertContains(page, 'data-code="2"')
        self.assertContains(page, "Paid. Thank you!")


class AdminTest(WithSandbox):
    def test_notifications_are_read_only_and_both_lists_render(self) -> None:
        txn = create_transaction(bill("1000000000000007"))
        self.client.post(
            "/faspay/notify/", json_body(notification_fields(txn)), content_type="application/json"
        )
        self.client.force_login(User.objects.create_superuser("admin", "a@example.com", "x"))
        for model in ("faspaytransaction", "faspaynotification"):
            page = self.client.get(f"/admin/faspay/{model}/")
            self.assertContains(page, txn.bill_no)
            # Statuses read as Faspay's words, in the list and in its filter.
            self.assertContains(page, "2 Payment Success")
            self.assertContains(page, "7 Payment Expired")
        event = FaspayNotification.objects.get()
        # The transaction's page is a view of it, with its events.
        page = self.client.get(f"/admin/faspay/faspaytransaction/{txn.pk}/change/")
        self.assertContains(page, event.dedupe_key)
        self.assertContains(page, "2 Payment Success")
        self.assertNotContains(page, 'name="_save"')
        edit = self.client.post(f"/admin/faspay/faspaytransaction/{txn.pk}/change/", {"status": "3"})
        self.assertEqual(edit.status_code, 403)
        txn.refresh_from_db()
        self.assertEqual(txn.status, 2)
        self.assertEqual(self.client.get("/admin/faspay/faspaynotification/add/").status_code, 403)
        change = self.client.post(f"/admin/faspay/faspaynotification/{event.pk}/change/", {"status": "3"})
        self.assertEqual(change.status_code, 403)
        self.assertEqual(self.client.get(f"/admin/faspay/faspaynotification/{event.pk}/delete/").status_code, 403)
        event.refresh_from_db()
        self.assertEqual(event.status, 2)


    def test_the_admin_action_asks_faspay_like_faspay_reconcile(self) -> None:
        paid = create_transaction(bill("1000000000000009"))
        waiting = create_transaction(bill("1000000000000010"))
        self.sandbox.approve(paid.trx_id)  # the notification is "lost" (no notify_url)
        self.client.force_login(User.objects.create_superuser("admin", "a@example.com", "x"))
        page = self.client.post(
            "/admin/faspay/faspaytransaction/",
            {"action": "ask_faspay", "index": "0", "_selected_action": [paid.pk, waiting.pk]},
            follow=True,
        )
        shown = [str(m) for m in page.context["messages"]]
        self.assertEqual(
            shown,
            [f"{paid.bill_no}: SUCCESS (applied)", "checked 2: 1 unchanged, 1 applied, 0 failed"],
        )
        paid.refresh_from_db()
        self.assertEqual(paid.status, 2)
        self.assertEqual(FaspayNotification.objects.get().source, "reconcile")
        self.assertEqual(len(self.recorder.calls), 1)
        # A failed inquiry is shown with its code; the transaction is left as it was.
        self.sandbox.set_fault("server_error", endpoint="payment_status", status=503)
        page = self.client.post(
            "/admin/faspay/faspaytransaction/",
            {"action": "ask_faspay", "index": "0", "_selected_action": [waiting.pk]},
            follow=True,
        )
        shown = [str(m) for m in page.context["messages"]]
        self.assertEqual(len(shown), 2)
        self.assertTrue(shown[0].startswith(f"{waiting.bill_no}: payment_status failed: TRANSPORT"))
        self.assertEqual(shown[1], "checked 1: 0 unchanged, 1 failed")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, 0)


class DeliveredOverHttpTest(LiveServerTestCase):
    def test_the_sandbox_notification_reaches_the_endpoint_and_is_applied_once(self) -> None:
        with Sandbox(notify_url=f"{self.live_server_url}/faspay/notify/") as sandbox:
            with override_settings(FASPAY=sandbox_settings(sandbox)):
                recorder = SignalRecorder()
                self.addCleanup(recorder.close)
                txn = create_transaction(bill("1000000000000008"))
                sandbox.approve(txn.trx_id)
                self.assertTrue(sandbox.wait_for_deliveries(1, timeout=10))
                [delivery] = sandbox.deliveries()
                self.assertTrue(delivery.accepted, delivery.error)
                self.assertEqual(delivery.http_status, 200)
                txn.refresh_from_db()
                self.assertEqual(txn.status, 2)
                self.assertEqual(FaspayNotification.objects.get().raw_body, delivery.request_body)
                self.assertEqual(len(recorder.calls), 1)

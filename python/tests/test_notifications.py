"""Notifications end to end: the sandbox POSTs signed notifications to a merchant HTTP server
running in this test, which verifies them with the client and answers with its reply bytes."""

from __future__ import annotations

import http.server
import threading
from typing import Iterator, List, Tuple

import pytest

import faspay
import oracle
from conftest import sample_bill
from faspay.testing import Sandbox


class Merchant:
    """A tiny merchant: verifies each notification and answers `accept`."""

    def __init__(self, client: faspay.Client, accept: bool = True) -> None:
        self.client = client
        self.accept = accept
        self.received: List[faspay.Notification] = []
        self.refused: List[str] = []
        merchant = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    notification = merchant.client.parse_notification(body)
                except faspay.FaspayError as error:
                    merchant.refused.append(error.code)
                    self.send_response(403)
                    self.end_headers()
                    return
                merchant.received.append(notification)
                reply = merchant.client.notification_reply(notification, merchant.accept)
                self.send_response(200)
                self.send_header("Content-Type", notification.reply_content_type)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/notify"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def merchant(faspay_sandbox: Sandbox) -> Iterator[Merchant]:
    m = Merchant(faspay_sandbox.client())
    faspay_sandbox.notify_url = m.url
    yield m
    m.close()


def pay(sandbox: Sandbox) -> Tuple[faspay.Client, faspay.CreatedTransaction]:
    client = sandbox.client()
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    return client, created


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_paid_notification_is_received_and_verified(
    faspay_sandbox: Sandbox, merchant: Merchant, fmt: str
) -> None:
    faspay_sandbox.notify_format = fmt
    assert faspay_sandbox.notify_url == merchant.url
    _, created = pay(faspay_sandbox)
    faspay_sandbox.approve(created.trx_id)
    assert faspay_sandbox.wait_for_deliveries(1, timeout=10)
    [delivery] = faspay_sandbox.deliveries()
    assert delivery.accepted, delivery.error
    assert delivery.http_status == 200
    assert delivery.format == fmt
    assert delivery.url == merchant.url
    [notification] = merchant.received
    assert notification.format == fmt
    assert notification.trx_id == created.trx_id
    assert notification.bill_no == created.bill_no
    assert notification.payment_status_code is faspay.PaymentStatusCode.SUCCESS
    assert notification.payment_total == 15000
    assert notification.dedupe_key.endswith(":2")
    assert merchant.refused == []


def test_the_status_of_a_paid_bill_checks_its_total(faspay_sandbox: Sandbox) -> None:
    client, created = pay(faspay_sandbox)
    faspay_sandbox.approve(created.trx_id)
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_total == 15000
    status.check_total(15000)
    with pytest.raises(faspay.ValidationError) as refused:
        status.check_total(15001)
    assert refused.value.code == "INVALID_ARGUMENT" and refused.value.field == "payment_total"


@pytest.mark.parametrize(
    "outcome, code",
    [("reject", faspay.PaymentStatusCode.FAILED), ("expire", faspay.PaymentStatusCode.EXPIRED)],
)
def test_failed_and_expired_notifications(
    faspay_sandbox: Sandbox, merchant: Merchant, outcome: str, code: faspay.PaymentStatusCode
) -> None:
    _, created = pay(faspay_sandbox)
    getattr(faspay_sandbox, outcome)(created.trx_id)
    assert faspay_sandbox.wait_for_deliveries(1, timeout=10)
    assert faspay_sandbox.deliveries()[0].accepted
    assert merchant.received[0].payment_status_code is code
    assert not merchant.received[0].payment_status_code.is_paid


def test_ovo_push_approval_sends_a_notification(
    faspay_sandbox: Sandbox, merchant: Merchant
) -> None:
    client, created = pay(faspay_sandbox)
    client.ovo_push(created.trx_id, "081234567890")
    assert faspay_sandbox.wait_for_deliveries(1, timeout=10)
    assert merchant.received[0].payment_status_code.is_paid


def test_refused_replies_are_retried(faspay_sandbox: Sandbox, merchant: Merchant) -> None:
    merchant.accept = False
    _, created = pay(faspay_sandbox)
    faspay_sandbox.approve(created.trx_id)
    assert faspay_sandbox.wait_for_deliveries(4, timeout=15)
    deliveries = faspay_sandbox.deliveries()
    assert [d.attempt for d in deliveries] == [1, 2, 3, 4]
    assert not any(d.accepted for d in deliveries)
    assert "99" in (deliveries[0].reply_body or "")


def test_a_notification_for_another_merchant_is_refused(faspay_sandbox: Sandbox) -> None:
    other = faspay.Client("12345", "Other", "bot12345", faspay_sandbox.password)
    _, created = pay(faspay_sandbox)
    faspay_sandbox.approve(created.trx_id)  # no notify_url: nothing is sent
    assert faspay_sandbox.deliveries() == []
    body = (
        '{"request":"Payment Notification","trx_id":"1","merchant_id":"99999",'
        '"bill_no":"B1","payment_status_code":"2","signature":"'
        + oracle.signature("bot12345", faspay_sandbox.password, "B12")
        + '"}'
    )
    with pytest.raises(faspay.SignatureError) as info:
        other.parse_notification(body.encode())
    assert info.value.code == "INVALID_SIGNATURE"


def test_status_less_signature_is_refused() -> None:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd")
    forged = (
        '<faspay><trx_id>1</trx_id><merchant_id>99999</merchant_id><bill_no>B1</bill_no>'
        "<payment_status_code>2</payment_status_code><signature>"
        + oracle.signature("bot99999", "p@ssw0rd", "B1")
        + "</signature></faspay>"
    )
    with pytest.raises(faspay.SignatureError) as caught:
        client.parse_notification(forged)
    assert caught.value.code == "INVALID_SIGNATURE"

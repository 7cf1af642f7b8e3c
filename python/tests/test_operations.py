"""Every operation end to end, in JSON and in XML, against the in-process sandbox."""

from __future__ import annotations

import html
import re
import time
from typing import Any

import pytest

import faspay
from conftest import sample_bill
from faspay import PaymentStatusCode
from faspay.testing import Sandbox

FORMATS = ["json", "xml"]


def create(client: faspay.Client, **overrides: Any) -> faspay.CreatedTransaction:
    return client.create_transaction(sample_bill(**overrides))  # type: ignore[arg-type]


def wait_for_status(
    client: faspay.Client, created: faspay.CreatedTransaction, want: int, timeout: float = 10.0
) -> faspay.PaymentStatus:
    deadline = time.monotonic() + timeout
    while True:
        status = client.payment_status(created.trx_id, created.bill_no)
        if status.payment_status_code == want or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


@pytest.mark.parametrize("fmt", FORMATS)
def test_payment_channels(faspay_sandbox: Sandbox, fmt: str) -> None:
    channels = faspay_sandbox.client(format=fmt).payment_channels()
    assert channels.response_code == "00"
    codes = {c.pg_code for c in channels.payment_channel}
    assert "812" in codes
    assert len(channels) == len(channels.payment_channel)
    assert channels.merchant_id == "99999"
    assert "payment_channel" in channels.raw


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_and_inquire(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    bill = sample_bill()
    created = client.create_transaction(bill)  # type: ignore[arg-type]
    assert re.fullmatch(r"\d{16}", created.trx_id)
    assert created.bill_no == bill["bill_no"]
    assert created.response_code == "00"
    assert created.raw["trx_id"] == created.trx_id
    if fmt == "json":
        assert created.redirect_url is not None
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code is PaymentStatusCode.UNPROCESSED
    assert not status.payment_status_code.is_final
    assert status.response_code == "00"
    assert status.trx_id == created.trx_id
    seen = faspay_sandbox.transaction(created.trx_id)
    assert seen is not None and seen.bill_total == 15000


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    cancelled = client.cancel_transaction(created.trx_id, created.bill_no, "Customer changed mind")
    assert cancelled.payment_status_code is PaymentStatusCode.CANCELLED
    assert cancelled.payment_status_code.is_final
    assert cancelled.response_code == "00"
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code == PaymentStatusCode.CANCELLED


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_of_a_paid_bill_is_an_api_error(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    faspay_sandbox.approve(created.trx_id)
    with pytest.raises(faspay.ApiError) as info:
        client.cancel_transaction(created.trx_id, created.bill_no, "too late")
    assert info.value.code == "API_ERROR"
    assert info.value.response_code == "81"  # Already Been Paid


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_of_a_reversed_payment_is_api_error_80(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    with pytest.raises(faspay.ValidationError) as not_paid:
        faspay_sandbox.reverse(created.trx_id)
    assert (not_paid.value.code, not_paid.value.field) == ("INVALID_ARGUMENT", "trx_id")
    faspay_sandbox.approve(created.trx_id)
    faspay_sandbox.reverse(created.trx_id)
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code is PaymentStatusCode.REVERSAL
    assert not status.payment_status_code.is_paid
    with pytest.raises(faspay.ApiError) as info:
        client.cancel_transaction(created.trx_id, created.bill_no, "refund")
    assert (info.value.code, info.value.response_code) == ("API_ERROR", "80")


@pytest.mark.parametrize("fmt", FORMATS)
def test_ovo_push_approved(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    pushed = client.ovo_push(created.trx_id, "081234567890")
    assert pushed.trx_id == created.trx_id
    assert pushed.response_code == "00"
    status = wait_for_status(client, created, 2)
    assert status.payment_status_code is PaymentStatusCode.SUCCESS
    assert status.payment_status_code.is_paid
    assert status.payment_date
    tx = faspay_sandbox.transaction(created.trx_id)
    assert tx is not None and tx.ovo_number == "081234567890"


@pytest.mark.parametrize("fmt", FORMATS)
def test_ovo_push_rejected(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    # The push itself is delivered (00); the customer's refusal is the payment status.
    pushed = client.ovo_push(created.trx_id, "081234567000")
    assert pushed.response_code == "00"
    assert pushed.raw["payment_status_code"] == "3"
    status = wait_for_status(client, created, 3)
    assert status.payment_status_code is PaymentStatusCode.FAILED
    assert not status.payment_status_code.is_paid


@pytest.mark.parametrize("fmt", FORMATS)
def test_ovo_push_unanswered_then_expired(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = create(client)
    client.ovo_push(created.trx_id, "081234567999")  # the customer never answers
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code is PaymentStatusCode.UNPROCESSED
    faspay_sandbox.expire(created.trx_id)
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code is PaymentStatusCode.EXPIRED
    assert status.payment_status_code.is_final


def test_ovo_push_timeout_says_the_request_was_sent(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(push_timeout=0.3)
    created = create(client)
    faspay_sandbox.set_fault("latency", endpoint="ovo_push", seconds=2.0)
    with pytest.raises(faspay.TimeoutError) as info:
        client.ovo_push(created.trx_id, "081234567890")
    assert info.value.code == "TIMEOUT"
    assert info.value.request_sent is True
    assert isinstance(info.value, TimeoutError)


def test_bill_expires_when_the_clock_passes_it(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(bill_validity=600)
    created = create(client)
    faspay_sandbox.advance_clock(601)
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code is PaymentStatusCode.EXPIRED


def test_redirect_url_and_push_form(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client()
    created = create(client)
    url = client.redirect_url(created.trx_id, created.bill_no)
    assert url.startswith(f"{faspay_sandbox.base_url}/pws/100003/")
    assert f"trx_id={created.trx_id}" in url
    form = client.ovo_push_form(created.trx_id, "081234567890")
    assert f'action="{html.escape(faspay_sandbox.base_url)}/pws/ovo_direct"' in form
    assert created.trx_id in form


def test_wrong_password_is_api_error_55(faspay_sandbox: Sandbox) -> None:
    with pytest.raises(faspay.ApiError) as info:
        faspay_sandbox.client(password="not-the-password").payment_channels()
    assert info.value.code == "API_ERROR"
    assert info.value.response_code == "55"
    assert info.value.request_sent is True


def test_results_have_readable_reprs(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client()
    created = create(client)
    assert repr(created).startswith(f"CreatedTransaction(trx_id='{created.trx_id}'")
    status = client.payment_status(created.trx_id, created.bill_no)
    assert "payment_status_code=0" in repr(status)

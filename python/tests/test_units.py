"""One unit and one rule everywhere: item amounts in rupiah, the channel list as a list, the
OVO number checked at create time, and the amount check of a verified notification."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import faspay
import oracle
from conftest import PASSWORD, sample_bill
from faspay.testing import Sandbox


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bill_items_come_back_in_rupiah(faspay_sandbox: Sandbox, fmt: str) -> None:
    client = faspay_sandbox.client(format=fmt)
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    [item] = created.bill_items
    assert isinstance(item, faspay.BillItem)
    assert item.product == "Kopi susu"
    assert item.amount == Decimal("15000")  # not '1500000' (sen) as on the wire
    assert item.raw["amount"] == "1500000"
    # Reconciling items against the total needs no unit conversion.
    assert sum(i.amount or 0 for i in created.bill_items) == Decimal("15000")
    assert "Decimal('15000')" in repr(item)


def test_payment_channels_is_a_list(faspay_sandbox: Sandbox) -> None:
    channels = faspay_sandbox.client().payment_channels()
    codes = [c.pg_code for c in channels]
    assert "812" in codes
    assert len(channels) == len(codes) > 1
    assert channels[0].pg_code == codes[0]
    assert channels[-1].pg_code == codes[-1]
    assert [c.pg_code for c in channels[:2]] == codes[:2]
    with pytest.raises(IndexError):
        channels[len(codes)]
    assert list(channels)[0].pg_name == channels.payment_channel[0].pg_name
    assert "payment_channel" in channels.raw


def test_an_ovo_bill_needs_an_ovo_number_at_create_time(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client()
    with pytest.raises(faspay.ValidationError) as caught:
        client.create_transaction(sample_bill(msisdn="12"))  # type: ignore[arg-type]
    assert caught.value.code == "INVALID_ARGUMENT"
    assert caught.value.field == "msisdn"
    # The same rule as the push, so what create accepts the push accepts.
    with pytest.raises(faspay.ValidationError) as pushed:
        client.prepare_ovo_push("9999900000000001", "12")
    assert pushed.value.field == "ovo_number"
    # Other channels keep their own, looser msisdn rule.
    other = sample_bill(channel="402", msisdn="12")
    assert client.prepare_create_transaction(other).body  # type: ignore[arg-type]


def _paid_notification(client: faspay.Client, payment_total: str) -> faspay.Notification:
    body = {
        "request": "Payment Notification",
        "trx_id": "9999900000000001",
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": "PY-TOTAL",
        "payment_status_code": "2",
        "payment_status_desc": "Payment Sukses",
        "bill_total": "1500000",
        "payment_total": payment_total,
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": oracle.signature("bot99999", PASSWORD, "PY-TOTAL2"),
    }
    return client.parse_notification(json.dumps(body).encode())


def test_check_total_accepts_the_order_amount(faspay_sandbox: Sandbox) -> None:
    n = _paid_notification(faspay_sandbox.client(), "1500000")
    n.check_total(15000)
    n.check_total(Decimal("15000.00"))
    n.check_total("15000")


def test_check_total_refuses_a_changed_amount(faspay_sandbox: Sandbox) -> None:
    # The signature verifies: it does not cover payment_total.
    n = _paid_notification(faspay_sandbox.client(), "100")
    with pytest.raises(faspay.ValidationError) as caught:
        n.check_total(Decimal("15000"))
    assert caught.value.code == "INVALID_ARGUMENT"
    assert caught.value.field == "payment_total"
    assert "Rp 1 " in caught.value.message
    with pytest.raises(faspay.ValidationError) as bad:
        n.check_total(-5)
    assert bad.value.field == "expected"
    assert "Rp -5" in bad.value.message

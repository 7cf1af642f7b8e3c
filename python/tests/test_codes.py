"""PaymentStatusCode: an IntEnum that mirrors the core's list and asks the core what it means."""

from __future__ import annotations

import faspay
from faspay import PaymentStatusCode, _native


def test_members_mirror_the_core() -> None:
    assert [(m.name, m.value) for m in PaymentStatusCode] == list(_native.PAYMENT_STATUS_CODES)


def test_paid_and_final_come_from_the_core() -> None:
    assert PaymentStatusCode.SUCCESS.is_paid
    assert not PaymentStatusCode.REVERSAL.is_paid
    finals = [int(m) for m in PaymentStatusCode if m.is_final]
    assert finals == [2, 3, 4, 5, 7, 8]
    assert PaymentStatusCode.SUCCESS.description == "Payment Success"


def test_an_undefined_value_is_kept() -> None:
    other = PaymentStatusCode(6)
    assert other == 6
    assert other.name == "OTHER_6"
    assert not other.is_final and not other.is_paid
    assert isinstance(other, int)


def test_compares_with_ints() -> None:
    paid: int = PaymentStatusCode.SUCCESS
    assert paid == 2
    assert PaymentStatusCode(7) is PaymentStatusCode.EXPIRED


def test_response_code_descriptions() -> None:
    assert faspay.response_code_description("55") == "Incorrect User/Password"
    assert faspay.response_code_description("zz") is None

"""The independent oracle (oracle.py) and the sandbox's request log it reads
(``Sandbox.requests()``): the formula against Faspay's published sample, the oracle catching
what it must catch, and bills re-read byte for byte from what the sandbox received."""

from __future__ import annotations

import dataclasses
import decimal
import json
import xml.etree.ElementTree as ET
from typing import Any, Optional

import pytest

import faspay
import oracle
from conftest import sample_bill
from faspay.testing import Sandbox

USER, PASSWORD = "bot99999", "p@ssw0rd"


def test_the_formula_gives_faspays_published_signature() -> None:
    # Post Data sample of Faspay's OVO guide and its published signature.
    assert oracle.signature(USER, PASSWORD, "20201222024304") == (
        "92c41cf28825f8065530f09726b3c6f0bd2e218e"
    )


@pytest.mark.parametrize(
    "value, unit, wire",
    [
        (15000, "sen", "1500000"),
        ("12345.67", "sen", "1234567"),
        (decimal.Decimal("0.07"), "sen", "7"),
        (15000.25, "sen", "1500025"),
        (15000, "rupiah", "15000"),
    ],
)
def test_wire_amounts_by_decimal_arithmetic(value: Any, unit: str, wire: str) -> None:
    assert oracle.wire_amount(value, unit) == wire


@dataclasses.dataclass
class FakeRequest:
    path: str
    body: bytes
    response_body: bytes
    method: str = "POST"
    query: str = ""
    response_status: Optional[int] = 200


def passes(request: FakeRequest) -> bool:
    try:
        oracle.check_requests(USER, PASSWORD, [request])
    except AssertionError:
        return False
    return True


def test_the_oracle_catches_wrong_signatures_and_bad_bodies() -> None:
    good = oracle.signature(USER, PASSWORD, "B1")
    bad = oracle.signature(USER, PASSWORD, "B2")

    def body(sig: str) -> bytes:
        return json.dumps({"bill_no": "B1", "trx_id": "1", "signature": sig}).encode()

    ok, refused = b'{"response_code":"00"}', b'{"response_code":"55"}'
    assert passes(FakeRequest("/cvr/100004/10", body(good), ok))
    assert passes(FakeRequest("/cvr/100004/10", body(bad), refused))
    assert not passes(FakeRequest("/cvr/100004/10", body(bad), ok))
    assert not passes(FakeRequest("/cvr/100004/10", body(good), refused))
    unclosed = f"<faspay><bill_no>B1</bill_no><signature>{good}</signature>".encode()
    xml_ok = b"<faspay><response_code>00</response_code></faspay>"
    assert not passes(FakeRequest("/pws/100004/x", unclosed, xml_ok))
    bare_amp = f"<faspay><bill_no>B&1</bill_no><signature>{good}</signature></faspay>".encode()
    assert not passes(FakeRequest("/pws/100004/x", bare_amp, xml_ok))
    dotted = json.dumps({"bill_no": "B1", "bill_total": "15000.00", "signature": good}).encode()
    assert not passes(FakeRequest("/cvr/300011/10", dotted, ok))


def test_a_bill_is_sent_as_written(faspay_sandbox: Sandbox) -> None:
    """Escaped XML and JSON values and ×100 amounts, re-read from the raw bytes."""
    for fmt in ("json", "xml"):
        bill = sample_bill(
            bill_desc="Kopi & <Teh> \"susu\" 'gula' ünïcode",
            cust_name="Budi & Sons",
            bill_total=decimal.Decimal("12345.67"),
            item=[
                {"product": "A&B <1>", "qty": 2, "amount": "10000.5"},
                {"product": "C", "qty": 1, "amount": 2345.17},
            ],
        )
        faspay_sandbox.client(format=fmt).create_transaction(bill)  # type: ignore[arg-type]
        request = faspay_sandbox.requests()[-1]
        message = oracle.read_request(request)
        assert message is not None and message.kind == "post_data"
        oracle.assert_bill_matches(bill, message)
        assert message.fields["bill_total"] == "1234567"
        assert [i["amount"] for i in message.items] == ["1000050", "234517"]
        if fmt == "xml":
            assert b"Kopi &amp; &lt;Teh&gt;" in request.body
            assert ET.fromstring(request.body).findtext("bill_desc") == bill["bill_desc"]
    assert oracle.check_sandbox(faspay_sandbox) == 2


def test_requests_are_logged_with_their_answers(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(password="wrong")
    with pytest.raises(faspay.ApiError) as info:
        client.payment_channels()
    assert (info.value.code, info.value.response_code) == ("API_ERROR", "55")
    [request] = faspay_sandbox.requests()
    assert (request.seq, request.method, request.path) == (1, "POST", "/cvr/100001/10")
    assert request.query == ""
    assert json.loads(request.body)["signature"] == oracle.signature(USER, "wrong", "")
    assert request.response_status == 200
    assert json.loads(request.response_body)["response_code"] == "55"
    assert "SandboxRequest(seq=1" in repr(request)
    # The oracle agrees the signature is wrong for the sandbox's password.
    assert oracle.check_sandbox(faspay_sandbox) == 1
    faspay_sandbox.clear_requests()
    assert faspay_sandbox.requests() == []
    faspay_sandbox.client().payment_channels()
    assert [r.seq for r in faspay_sandbox.requests()] == [2]


def test_a_reset_is_logged_without_an_answer(faspay_sandbox: Sandbox) -> None:
    faspay_sandbox.set_fault("reset", endpoint="create_transaction")
    with pytest.raises(faspay.TransportError) as info:
        faspay_sandbox.client().create_transaction(sample_bill())  # type: ignore[arg-type]
    assert info.value.code == "TRANSPORT"
    [request] = faspay_sandbox.requests()
    assert request.response_status is None
    assert request.response_body == b""

"""Module-level signature helpers and return-URL verification (string, URL or mapping), checked
against signatures the oracle computes with hashlib (not against the library itself)."""

from __future__ import annotations

import urllib.parse
from typing import Callable, Dict, List

import pytest

import faspay
import oracle
from faspay import _native

USER, PASSWORD = "bot99999", "p@ssw0rd"


def test_docs_example_signature() -> None:
    assert faspay.sign(USER, PASSWORD, "20201222024304") == (
        "92c41cf28825f8065530f09726b3c6f0bd2e218e"
    )


NAMED: Dict[str, Callable[..., str]] = {
    "channel_inquiry": faspay.channel_inquiry_signature,
    "post_data": faspay.post_data_signature,
    "inquiry": faspay.inquiry_signature,
    "cancel": faspay.cancel_signature,
    "redirect": faspay.redirect_signature,
    "ovo_push": faspay.ovo_push_signature,
    "notification": faspay.notification_signature,
    "return_url": faspay.return_url_signature,
}


@pytest.mark.parametrize("message, params", _native.SIGNED_MESSAGES)
def test_each_named_helper_signs_by_faspays_formula(message: str, params: List[str]) -> None:
    assert message in NAMED, f"no named helper for {message}"
    values = [f"{p}-value" for p in params]
    # The oracle's suffix for this message, from the values by name: a helper that signs the
    # wrong fields, or in the wrong order, disagrees.
    expected = oracle.signature(USER, PASSWORD, oracle.SUFFIXES[message](dict(zip(params, values))))
    assert NAMED[message](USER, PASSWORD, *values) == expected
    assert faspay.sign_message(message, USER, PASSWORD, values) == expected
    assert faspay.sign(USER, PASSWORD, "".join(values)) == expected


def test_the_messages_and_their_signed_fields_are_faspays() -> None:
    assert dict(_native.SIGNED_MESSAGES) == {
        "channel_inquiry": [],
        "post_data": ["bill_no"],
        "inquiry": ["bill_no"],
        "cancel": ["bill_no"],
        "redirect": ["bill_no"],
        "ovo_push": ["trx_id"],
        "notification": ["bill_no", "payment_status_code"],
        "return_url": ["bill_no", "status"],
    }


def test_sign_message_checks_its_arguments() -> None:
    with pytest.raises(faspay.ValidationError) as info:
        faspay.sign_message("nope", USER, PASSWORD, [])
    assert info.value.field == "message"
    with pytest.raises(faspay.ValidationError) as short:
        faspay.sign_message("notification", USER, PASSWORD, ["only-bill-no"])
    assert short.value.code == "INVALID_ARGUMENT"


def test_verify_is_constant_time_compare_of_hex() -> None:
    s = oracle.signature(USER, PASSWORD, "")
    assert faspay.verify(s, s.upper())
    assert not faspay.verify(s, s[:-1])


def return_query(status: str = "2", **changes: str) -> Dict[str, str]:
    query = {
        "trx_id": "9999971600246827",
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": "B123",
        "bill_ref": "B123",
        "bill_total": "1500000",
        "status": status,
        "signature": oracle.signature(USER, PASSWORD, "B123" + status),
    }
    query.update(changes)
    return query


@pytest.fixture
def client() -> faspay.Client:
    return faspay.Client("99999", "Sophia Store", USER, PASSWORD)


def test_verify_return_from_a_query_string_a_url_and_a_mapping(client: faspay.Client) -> None:
    query = return_query()
    encoded = urllib.parse.urlencode(query)
    for given in (encoded, "?" + encoded, "https://shop.example/return?" + encoded, query):
        info = client.verify_return(given)
        assert info.bill_no == "B123"
        assert info.trx_id == "9999971600246827"
        assert info.status is faspay.PaymentStatusCode.SUCCESS
        assert info.bill_reff == "B123"
        assert info.bill_total == 15000
        assert info.raw["status"] == "2"


def test_a_tampered_status_is_refused(client: faspay.Client) -> None:
    with pytest.raises(faspay.SignatureError) as info:
        client.verify_return(return_query(status="0") | {"status": "2"})
    assert info.value.code == "INVALID_SIGNATURE"


def test_a_missing_field_names_it(client: faspay.Client) -> None:
    query = return_query()
    del query["bill_no"]
    with pytest.raises(faspay.ValidationError) as info:
        client.verify_return(query)
    assert info.value.field == "bill_no"

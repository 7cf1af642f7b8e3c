"""The settable path codes (``xml_codes``, ``redirect_code``) as the sandbox receives them:
checked against its raw request log, not against what the client reports."""

from __future__ import annotations

import urllib.request
from typing import Any, Dict

import pytest

import faspay
from conftest import sample_bill
from faspay.testing import Sandbox


def test_xml_codes_reach_the_request_path(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(
        format="xml",
        xml_codes={"payment_channels": "CH1", "payment_status": "ST2"},
    )
    faspay_sandbox.clear_requests()
    client.payment_channels()
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    client.payment_status(created.trx_id, created.bill_no)
    paths = [r.path for r in faspay_sandbox.requests()]
    # Overridden codes replace the segment; create_transaction keeps the sandbox's default.
    assert paths == [
        "/pws/100001/CH1",
        "/pws/300011/183xx00010100000",
        "/pws/100004/ST2",
    ]


def test_redirect_code_reaches_the_browser_request(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(redirect_code="R42")
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    url = client.redirect_url(created.trx_id, created.bill_no)
    assert url.startswith(f"{faspay_sandbox.base_url}/pws/100003/R42/")
    faspay_sandbox.clear_requests()
    with urllib.request.urlopen(url) as page:
        assert page.status == 200
    [received] = faspay_sandbox.requests()
    assert received.method == "GET"
    assert received.path.startswith("/pws/100003/R42/")


def test_async_client_passes_the_codes(faspay_sandbox: Sandbox) -> None:
    client = faspay.AsyncClient(
        faspay_sandbox.merchant_id,
        faspay_sandbox.merchant_name,
        faspay_sandbox.user_id,
        faspay_sandbox.password,
        base_url=faspay_sandbox.base_url,
        redirect_code="ASYNC1",
    )
    try:
        assert "/pws/100003/ASYNC1/" in client.redirect_url("1234567890", "BILL1")
    finally:
        client.close()


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"xml_codes": {"ovo_push": "X1"}}, "xml_codes"),
        ({"xml_codes": {"payment_status": "a/b"}}, "xml_codes"),
        ({"xml_codes": {"cancel_transaction": ""}}, "xml_codes"),
        ({"redirect_code": "a?b"}, "redirect_code"),
        ({"redirect_code": ""}, "redirect_code"),
    ],
)
def test_bad_codes_are_refused_naming_the_setting(
    faspay_sandbox: Sandbox, settings: Dict[str, Any], field: str
) -> None:
    with pytest.raises(faspay.ValidationError) as caught:
        faspay_sandbox.client(**settings)
    assert caught.value.code == "INVALID_ARGUMENT"
    assert caught.value.field == field


def test_codes_of_the_wrong_type_are_type_errors(faspay_sandbox: Sandbox) -> None:
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        faspay_sandbox.client(xml_codes={"payment_status": 7})
    assert isinstance(caught.value, TypeError)
    assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", "xml_codes")

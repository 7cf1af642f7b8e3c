"""The `faspay.testing.Sandbox` helper itself: settings, state views, lifecycle."""

from __future__ import annotations

import datetime
import gc
import json
import socket
import urllib.parse

import pytest

import faspay
import oracle
from conftest import sample_bill
from faspay.testing import Sandbox


def port_is_open(base_url: str) -> bool:
    parsed = urllib.parse.urlsplit(base_url)
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((parsed.hostname or "127.0.0.1", parsed.port or 80)) == 0


def test_credentials_and_client(faspay_sandbox: Sandbox) -> None:
    assert faspay_sandbox.base_url.startswith("http://127.0.0.1:")
    assert (faspay_sandbox.merchant_id, faspay_sandbox.user_id) == ("99999", "bot99999")
    client = faspay_sandbox.client(format="xml")
    assert client.base_url == faspay_sandbox.base_url
    assert client.format == "xml"
    assert repr(faspay_sandbox) == f"Sandbox(base_url={faspay_sandbox.base_url!r})"


def test_custom_merchant() -> None:
    with Sandbox(merchant_id="12345", user_id="bot12345", password="pw-12345") as sandbox:
        client = sandbox.client()
        assert client.merchant_id == "12345"
        assert client.payment_channels().merchant_id == "12345"
        # Signed with these credentials, by the oracle's own formula.
        [request] = sandbox.requests()
        assert json.loads(request.body)["signature"] == oracle.signature("bot12345", "pw-12345", "")
        assert oracle.check_sandbox(sandbox) == 1


def test_state_views_and_settings(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client()
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    [tx] = faspay_sandbox.transactions()
    assert tx.trx_id == created.trx_id
    assert tx.status is faspay.PaymentStatusCode.UNPROCESSED
    assert tx.payment_channel == "812"
    assert faspay_sandbox.transaction("0000000000000000") is None
    faspay_sandbox.fail(created.trx_id)
    seen = faspay_sandbox.transaction(created.trx_id)
    assert seen is not None and seen.status is faspay.PaymentStatusCode.FAILED

    faspay_sandbox.push_delay = datetime.timedelta(milliseconds=50)
    assert faspay_sandbox.push_delay == pytest.approx(0.05)
    faspay_sandbox.notify_format = "xml"
    assert faspay_sandbox.notify_format == "xml"
    before = faspay_sandbox.now()
    faspay_sandbox.advance_clock(datetime.timedelta(hours=2))
    assert faspay_sandbox.now() > before
    assert faspay_sandbox.wait_for_deliveries(1, timeout=0.1) is False


def test_admin_errors_are_validation_errors(faspay_sandbox: Sandbox) -> None:
    with pytest.raises(faspay.ValidationError) as info:
        faspay_sandbox.approve("0000000000000000")
    assert (info.value.code, info.value.field) == ("INVALID_ARGUMENT", "trx_id")
    with pytest.raises(faspay.ValidationError) as format_info:
        Sandbox(notify_format="yaml")
    assert format_info.value.code == "INVALID_ARGUMENT"
    assert "yaml" in str(format_info.value)


def test_close_stops_the_server_and_is_idempotent() -> None:
    sandbox = Sandbox()
    url = sandbox.base_url
    assert port_is_open(url)
    sandbox.close()
    sandbox.close()
    assert not port_is_open(url)
    with pytest.raises(faspay.ValidationError) as info:
        _ = sandbox.base_url
    assert info.value.code == "INVALID_ARGUMENT"
    assert "shut down" in str(info.value)


def test_garbage_collection_stops_the_server() -> None:
    sandbox = Sandbox()
    url = sandbox.base_url
    del sandbox
    gc.collect()
    assert not port_is_open(url)

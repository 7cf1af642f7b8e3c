"""``Client.settings``: every setting the client uses reads back exactly, under the names of
``Client(...)``'s keyword arguments, with the core's defaults; the password never appears."""

from __future__ import annotations

import inspect
import json

import pytest

import faspay

MARKER = "Pa55-marker-never-shown"


def make(**extra: object) -> faspay.Client:
    return faspay.Client("99999", "Sophia Store", "bot99999", MARKER, **extra)  # type: ignore[arg-type]


def test_the_names_are_the_keyword_arguments_without_password_and_logger() -> None:
    parameters = set(inspect.signature(faspay.Client).parameters)
    names = set(make().settings.to_dict())
    assert names == parameters - {"password", "logger"}


def test_defaults_are_the_core_defaults() -> None:
    s = make().settings
    assert (s.merchant_id, s.merchant_name, s.user_id) == ("99999", "Sophia Store", "bot99999")
    assert (s.environment, s.base_url, s.format) == (
        "sandbox",
        "https://debit-sandbox.faspay.co.id",
        "json",
    )
    assert (s.timeout, s.connect_timeout, s.push_timeout) == (30.0, 10.0, 90.0)
    assert (s.max_retries, s.retry_backoff) == (2, 0.2)
    assert (s.amount_unit, s.bill_validity) == ("sen", 86400.0)
    assert s.inquiry_sends_status_fields is True and s.allow_insecure_http is False
    assert (s.max_response_bytes, s.max_inbound_bytes) == (1024 * 1024, 64 * 1024)
    assert (s.max_idle_connections, s.dns_cache_ttl) == (32, 60.0)
    assert s.xml_codes == {
        "payment_channels": "182xx00010100000",
        "create_transaction": "183xx00010100000",
        "payment_status": "183xx00010100000",
        "cancel_transaction": "183xx00010100000",
    }
    assert f"/{s.redirect_code}/" in make().redirect_url("1", "2")


def test_every_configured_value_reads_back_exactly() -> None:
    s = make(
        environment="production",
        base_url="https://proxy.example/",
        format="xml",
        timeout=12.5,
        connect_timeout=2.25,
        push_timeout=120,
        max_retries=5,
        retry_backoff=0.35,
        amount_unit="rupiah",
        bill_validity=7200,
        inquiry_sends_status_fields=False,
        max_response_bytes=4096,
        allow_insecure_http=True,
        max_inbound_bytes=2048,
        max_idle_connections=0,
        dns_cache_ttl=0,
        xml_codes={"payment_status": "77"},
        redirect_code="abc",
    ).settings
    assert (s.environment, s.base_url, s.format) == ("production", "https://proxy.example", "xml")
    assert (s.timeout, s.connect_timeout, s.push_timeout) == (12.5, 2.25, 120.0)
    assert (s.max_retries, s.retry_backoff) == (5, 0.35)
    assert (s.amount_unit, s.bill_validity) == ("rupiah", 7200.0)
    assert s.inquiry_sends_status_fields is False and s.allow_insecure_http is True
    assert (s.max_response_bytes, s.max_inbound_bytes, s.max_idle_connections) == (4096, 2048, 0)
    assert s.dns_cache_ttl == 0.0
    assert s.xml_codes["payment_status"] == "77"
    assert s.xml_codes["payment_channels"] == "383xx00010100000"
    assert s.redirect_code == "abc"


def test_read_only_and_never_the_password() -> None:
    client = make()
    s = client.settings
    with pytest.raises(AttributeError):
        s.timeout = 1.0  # type: ignore[misc]
    s.xml_codes["payment_status"] = "changed"  # a copy: the settings stay as they were
    assert client.settings.xml_codes["payment_status"] == "183xx00010100000"
    assert s == client.settings and s != make(timeout=5).settings
    shown = repr(s) + str(s) + json.dumps(s.to_dict())
    assert MARKER not in shown and "password" not in shown
    assert "timeout=30.0" in repr(s)


def test_the_async_client_reads_the_same_settings() -> None:
    client = faspay.AsyncClient.wrap(make(timeout=7))
    try:
        assert client.settings == client.client.settings and client.settings.timeout == 7.0
    finally:
        client.close()


@pytest.mark.parametrize("logger", ["shop.payments", 42, object()])
def test_a_logger_that_cannot_log_is_refused_at_construction(logger: object) -> None:
    # A logger's name instead of the logger would otherwise fail on every record, silently.
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        make(logger=logger)
    assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", "logger")
    assert MARKER not in str(caught.value)


def test_a_logger_adapter_is_a_logger() -> None:
    import logging

    adapter = logging.LoggerAdapter(logging.getLogger("shop.payments"), {"shop": "main"})
    assert make(logger=adapter).settings.merchant_id == "99999"

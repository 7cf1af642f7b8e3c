"""Every core error code maps to its exception class; the classes extend the natural builtins."""

from __future__ import annotations

import builtins
from typing import Any, Dict

import pytest

import faspay
from faspay import _native

EXPECTED = {
    "INVALID_ARGUMENT": faspay.ValidationError,
    "INVALID_SIGNATURE": faspay.SignatureError,
    "API_ERROR": faspay.ApiError,
    "TRANSPORT": faspay.TransportError,
    "TIMEOUT": faspay.TimeoutError,
    "MALFORMED_RESPONSE": faspay.MalformedResponseError,
    "INTERNAL": faspay.FaspayError,
}


def test_every_core_code_is_mapped_to_a_class() -> None:
    assert _native.ERROR_CODES, "the core exports its codes"
    for code in _native.ERROR_CODES:
        assert code in EXPECTED, f"core code {code} has no expected class in this test"
        error = _native._error_for_code(code, "boom")
        assert type(error) is EXPECTED[code]
        assert isinstance(error, faspay.FaspayError)
        assert error.code == code
        assert str(error) == "boom"
    assert set(EXPECTED) == set(_native.ERROR_CODES)


def test_unknown_code_is_refused() -> None:
    with pytest.raises(faspay.ValidationError) as info:
        _native._error_for_code("NOPE", "x")
    assert info.value.field == "code"


def test_classes_extend_the_natural_builtins() -> None:
    assert issubclass(faspay.ValidationError, ValueError)
    assert issubclass(faspay.TransportError, OSError)
    assert issubclass(faspay.TimeoutError, faspay.TransportError)
    assert issubclass(faspay.TimeoutError, builtins.TimeoutError)
    for cls in EXPECTED.values():
        assert issubclass(cls, faspay.FaspayError)


def test_a_validation_error_from_rust_carries_the_field() -> None:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd")
    with pytest.raises(ValueError) as info:
        client.prepare_payment_status("not-digits", "B1")
    error = info.value
    assert isinstance(error, faspay.ValidationError)
    assert error.code == "INVALID_ARGUMENT"
    assert error.field == "trx_id"
    assert error.request_sent is False


def test_bad_configuration_names_the_setting() -> None:
    with pytest.raises(faspay.ValidationError) as info:
        faspay.Client("9999", "Sophia Store", "bot99999", "p@ssw0rd")
    assert info.value.field == "merchant_id"
    with pytest.raises(faspay.ValidationError) as info:
        faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", timeout=-1)
    assert info.value.field == "timeout"
    with pytest.raises(faspay.ValidationError) as info:
        faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", environment="prod")
    assert info.value.field == "environment"


# The same table as node/test/errors.test.js and tests/c/api_test.c: a misspelt setting.
UNKNOWN_SETTINGS = ["tiemout", "merchantId"]


@pytest.mark.parametrize("key", UNKNOWN_SETTINGS)
def test_an_unknown_setting_is_named_in_the_sdks_words(key: str) -> None:
    settings: Dict[str, Any] = {key: 5}
    with pytest.raises(faspay.ArgumentTypeError) as info:
        faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", **settings)
    assert info.value.code == "INVALID_ARGUMENT"
    assert info.value.field == key
    assert str(info.value) == f"{key}: is not a client setting (check its spelling)"
    assert isinstance(info.value, TypeError)


def test_exceptions_can_be_built_by_applications() -> None:
    error = faspay.ApiError("refused", response_code="55", response_desc="Incorrect")
    assert error.code == "API_ERROR"
    assert error.response_code == "55"
    assert repr(error) == "ApiError(code='API_ERROR', message='refused')"


def _offline_client(**overrides: object) -> faspay.Client:
    settings: dict[str, object] = dict(
        merchant_id="99999", merchant_name="Sophia Store", user_id="bot99999", password="p@ssw0rd"
    )
    settings.update(overrides)
    return faspay.Client(**settings)  # type: ignore[arg-type]


def test_extreme_inputs_are_validation_errors_not_panics() -> None:
    import datetime

    from conftest import sample_bill

    client = _offline_client()
    far = datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.timezone.utc)
    for bill in (
        sample_bill(bill_date=far, bill_expired=far),
        sample_bill(bill_date="9999-12-31T23:59:59Z"),
    ):
        with pytest.raises(faspay.ValidationError) as info:
            client.prepare_create_transaction(bill)  # type: ignore[arg-type]
        assert info.value.code == "INVALID_ARGUMENT"
    for setting in ("timeout", "push_timeout", "connect_timeout"):
        with pytest.raises(faspay.ValidationError) as info:
            _offline_client(**{setting: 1e19})
        assert info.value.field == setting


def test_a_zero_padded_status_cannot_replay_a_public_signature() -> None:
    client = _offline_client()
    # sign(bill "100002") is public in that bill's redirect URL and equals sign("1000" + "02").
    public = client.redirect_url("9999971600246827", "100002").split("/")[-1].split("?")[0]
    body = (
        '{"trx_id":"9999971600246827","merchant_id":"99999","bill_no":"1000",'
        '"payment_status_code":"02","signature":"%s"}' % public
    )
    with pytest.raises(faspay.FaspayError) as info:
        client.parse_notification(body.encode())
    assert info.value.code == "INVALID_ARGUMENT"
    assert info.value.field == "payment_status_code"

"""Every core error code maps to its exception class; the classes extend the natural builtins."""

from __future__ import annotations

import builtins

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


def test_exceptions_can_be_built_by_applications() -> None:
    error = faspay.ApiError("refused", response_code="55", response_desc="Incorrect")
    assert error.code == "API_ERROR"
    assert error.response_code == "55"
    assert repr(error) == "ApiError(code='API_ERROR', message='refused')"

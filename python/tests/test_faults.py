"""Each sandbox fault mode maps to its exception class; the GIL is released during I/O."""

from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Optional, Type

import pytest

import faspay
from faspay.testing import Sandbox


@pytest.mark.parametrize(
    "kind, params, error_class, http_status",
    [
        ("server_error", {"status": 503}, faspay.TransportError, 503),
        ("html_page", {}, faspay.MalformedResponseError, None),
        ("reset", {}, faspay.TransportError, None),
        ("truncated", {}, faspay.MalformedResponseError, None),
        ("oversized_body", {}, faspay.MalformedResponseError, None),
        ("response_error", {"code": "40", "desc": "Merchant not registered"}, faspay.ApiError,
         None),
        ("latency", {"seconds": 2.0}, faspay.TimeoutError, None),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_fault_maps_to_exception_class(
    faspay_sandbox: Sandbox,
    kind: str,
    params: Dict[str, Any],
    error_class: Type[faspay.FaspayError],
    http_status: Optional[int],
    fmt: str,
) -> None:
    client = faspay_sandbox.client(format=fmt, timeout=0.5, max_retries=0)
    faspay_sandbox.set_fault(kind, endpoint="payment_channels", **params)
    with pytest.raises(error_class) as info:
        client.payment_channels()
    error = info.value
    assert type(error) is error_class
    assert error.code == {
        faspay.TransportError: "TRANSPORT",
        faspay.MalformedResponseError: "MALFORMED_RESPONSE",
        faspay.ApiError: "API_ERROR",
        faspay.TimeoutError: "TIMEOUT",
    }[error_class]
    if http_status is not None:
        assert error.http_status == http_status
    if error_class is faspay.ApiError:
        assert error.response_code == "40"
    faspay_sandbox.clear_faults()
    assert client.payment_channels().response_code == "00"


def test_safe_operations_are_retried(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(max_retries=2, retry_backoff=0.01)
    faspay_sandbox.set_fault("server_error", endpoint="payment_channels", times=2)
    assert client.payment_channels().response_code == "00"


def test_unsafe_operations_are_not_retried(faspay_sandbox: Sandbox) -> None:
    from conftest import sample_bill

    client = faspay_sandbox.client(max_retries=2, retry_backoff=0.01)
    faspay_sandbox.set_fault("server_error", endpoint="create_transaction", times=1)
    with pytest.raises(faspay.TransportError) as info:
        client.create_transaction(sample_bill())  # type: ignore[arg-type]
    assert info.value.request_sent is True
    assert faspay_sandbox.transactions() == []


def test_unknown_fault_kind_is_a_validation_error(faspay_sandbox: Sandbox) -> None:
    with pytest.raises(faspay.ValidationError) as info:
        faspay_sandbox.set_fault("meteor")
    assert info.value.field == "kind"
    with pytest.raises(faspay.ValidationError) as info:
        faspay_sandbox.set_fault("reset", endpoint="nope")
    assert info.value.field == "endpoint"


def test_the_gil_is_released_during_network_io(faspay_sandbox: Sandbox) -> None:
    delay = 1.0
    faspay_sandbox.set_fault("latency", endpoint="payment_channels", seconds=delay)
    client = faspay_sandbox.client(timeout=10)
    spans: List[tuple[float, float]] = []
    lock = threading.Lock()

    def call() -> None:
        started = time.monotonic()
        client.payment_channels()
        with lock:
            spans.append((started, time.monotonic()))

    threads = [threading.Thread(target=call) for _ in range(2)]
    began = time.monotonic()
    for t in threads:
        t.start()
    # While both calls wait on the network, this thread keeps running Python code.
    ticks = 0
    while any(t.is_alive() for t in threads):
        ticks += 1
        time.sleep(0.01)
    total = time.monotonic() - began
    assert len(spans) == 2
    (a_start, a_end), (b_start, b_end) = sorted(spans)
    assert a_end - a_start >= delay * 0.9 and b_end - b_start >= delay * 0.9
    assert b_start < a_end, "the second call started only after the first finished"
    assert total < 2 * delay * 0.9, f"calls ran one after the other ({total:.2f} s)"
    assert ticks > 20

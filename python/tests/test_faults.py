"""Each sandbox fault mode maps to its exception class; the GIL is released during I/O."""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Type

import pytest

import faspay
from faspay.testing import Sandbox
from loopback_http import Answer, LoopbackServer, forward


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
    # A proxy in front of the sandbox holds every answer until the test opens the gate: the
    # test shows overlap by the order of events (both calls inside the proxy at once, neither
    # finished), never by how long anything took.
    gate = threading.Event()
    arrived = threading.Semaphore(0)

    def hold(method: str, path: str, content_type: Optional[str], body: bytes) -> Answer:
        arrived.release()
        gate.wait(timeout=120)  # a bound against hangs only
        return forward(faspay_sandbox.base_url, method, path, content_type, body)

    with LoopbackServer(hold) as proxy:
        client = faspay_sandbox.client(base_url=proxy.base_url, timeout=300)
        finished: List[int] = []
        lock = threading.Lock()

        def call(index: int) -> None:
            client.payment_channels()
            with lock:
                finished.append(index)

        first = threading.Thread(target=call, args=(0,))
        second = threading.Thread(target=call, args=(1,))
        try:
            first.start()
            # The first call is held in the proxy; this thread still runs Python.
            assert arrived.acquire(timeout=60), "the first call never reached the proxy"
            assert first.is_alive() and finished == []
            second.start()
            # The second call reached the proxy while the first one still waits there: the
            # first call did not hold the GIL.
            assert arrived.acquire(timeout=60), "the second call could not start"
            with lock:
                assert finished == []
        finally:
            gate.set()
            first.join(timeout=60)
            second.join(timeout=60)
        assert sorted(finished) == [0, 1]

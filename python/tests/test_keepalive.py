"""Keep-alive as the sandbox sees it: the connections it accepted, counted (not timed), for a
client shared by threads, a client that keeps no idle connection, and the pool settings."""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any, Dict, List

import pytest

import faspay
from conftest import sample_bill
from faspay.testing import Sandbox


def accepted(sandbox: Sandbox) -> int:
    """TCP connections the sandbox accepted, not counting the one this question opens."""
    with urllib.request.urlopen(f"{sandbox.base_url}/__sandbox/") as answer:
        summary: Dict[str, Any] = json.load(answer)
    return int(summary["connections_accepted"]) - 1


def test_threads_sharing_one_client_reuse_their_connections(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client()
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    before = accepted(faspay_sandbox)
    errors: List[BaseException] = []

    def calls() -> None:
        try:
            for _ in range(40):
                client.payment_status(created.trx_id, created.bill_no)
        except BaseException as e:  # reported by the main thread
            errors.append(e)

    threads = [threading.Thread(target=calls) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    # 320 calls: at most one connection per thread (plus slack for one the server closed).
    assert accepted(faspay_sandbox) - before - 1 <= 8 + 2


def test_max_idle_connections_zero_connects_for_every_call(faspay_sandbox: Sandbox) -> None:
    client = faspay_sandbox.client(max_idle_connections=0)
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    before = accepted(faspay_sandbox)
    for _ in range(5):
        client.payment_status(created.trx_id, created.bill_no)
    assert accepted(faspay_sandbox) - before - 1 == 5
    # The default keeps the connection: five more calls open at most one.
    kept = faspay_sandbox.client(dns_cache_ttl=0)
    before = accepted(faspay_sandbox)
    for _ in range(5):
        kept.payment_status(created.trx_id, created.bill_no)
    assert accepted(faspay_sandbox) - before - 1 == 1


@pytest.mark.parametrize(
    "settings, field",
    [
        ({"max_idle_connections": 4097}, "max_idle_connections"),
        ({"max_idle_connections": -1}, "max_idle_connections"),
        ({"dns_cache_ttl": 3601.0}, "dns_cache_ttl"),
        ({"dns_cache_ttl": -1.0}, "dns_cache_ttl"),
    ],
)
def test_pool_settings_out_of_range_are_validation_errors(
    faspay_sandbox: Sandbox, settings: Dict[str, Any], field: str
) -> None:
    with pytest.raises(faspay.ValidationError) as caught:
        faspay_sandbox.client(**settings)
    assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", field)


def test_a_pool_size_that_is_not_an_int_is_a_type_error(faspay_sandbox: Sandbox) -> None:
    untyped: Any = faspay_sandbox
    for value in (1.5, True):
        with pytest.raises(faspay.ArgumentTypeError) as caught:
            untyped.client(max_idle_connections=value)
        assert isinstance(caught.value, TypeError)
        assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", "max_idle_connections")

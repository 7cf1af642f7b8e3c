"""The sandbox's fidelity warnings from Python: what a request carried that Faspay's docs would
refuse is accepted and listed (``Sandbox.warnings()``, per transaction ``warnings`` and
``extra_fields``), and ``strict=True`` refuses it with the docs' code instead."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Dict

import pytest

import faspay
from conftest import sample_bill
from faspay.testing import Sandbox, SandboxWarning


def post_raw(sandbox: Sandbox, bill: Dict[str, Any], **extra_wire: Any) -> Dict[str, Any]:
    """Builds the client's signed JSON body for ``bill``, adds ``extra_wire`` fields the
    client itself would not send, posts it and returns Faspay's answer."""
    prepared = sandbox.client().prepare_create_transaction(bill)  # type: ignore[arg-type]
    body = json.loads(prepared.body)
    body.update(extra_wire)
    request = urllib.request.Request(
        prepared.url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: Dict[str, Any] = json.loads(response.read())
    return answer


def test_the_sdk_client_sends_nothing_the_docs_would_refuse() -> None:
    with Sandbox(push_delay=0) as sandbox:
        client = sandbox.client()
        created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
        client.payment_status(created.trx_id, created.bill_no)
        client.ovo_push(created.trx_id, "081234567890")
        client.payment_channels()
        xml = sandbox.client(format="xml")
        other = xml.create_transaction(sample_bill(channel="702"))  # type: ignore[arg-type]
        xml.cancel_transaction(other.trx_id, other.bill_no, "changed my mind")
        assert sandbox.warnings() == []
        assert sandbox.transaction(created.trx_id).warnings == []  # type: ignore[union-attr]


def test_extra_fields_are_kept_and_listed_and_strict_refuses_them() -> None:
    with Sandbox() as sandbox:
        answer = post_raw(sandbox, sample_bill(), trx_source="3", colour="blue")
        assert answer["response_code"] == "00"
        warnings = sandbox.warnings()
        assert [(w.kind, w.field, w.code) for w in warnings] == [
            ("undocumented_field", "trx_source", "84"),
            ("unknown_field", "colour", "84"),
        ]
        first = warnings[0]
        assert isinstance(first, SandboxWarning)
        assert first.operation == "create_transaction"
        assert first.trx_id == answer["trx_id"] and first.bill_no == answer["bill_no"]
        assert "trx_source" in first.message
        assert repr(first) == (
            "SandboxWarning(kind='undocumented_field', field='trx_source', code='84')"
        )
        t = sandbox.transaction(answer["trx_id"])
        assert t is not None
        assert t.extra_fields == {"trx_source": "3", "colour": "blue"}
        assert [w.field for w in t.warnings] == ["trx_source", "colour"]

        sandbox.clear_warnings()
        assert sandbox.warnings() == []
        assert len(sandbox.transaction(answer["trx_id"]).warnings) == 2  # type: ignore[union-attr]

        sandbox.strict = True
        assert sandbox.strict is True
        refused = post_raw(sandbox, sample_bill(), trx_source="3")
        assert refused["response_code"] == "84"
        assert sandbox.warnings() == []


def test_a_reused_bill_no_warns_by_default_and_is_refused_on_request() -> None:
    bill = sample_bill()
    with Sandbox() as sandbox:
        client = sandbox.client()
        first = client.create_transaction(bill)  # type: ignore[arg-type]
        second = client.create_transaction(bill)  # type: ignore[arg-type]
        assert first.trx_id != second.trx_id
        assert [(w.kind, w.code, w.trx_id) for w in sandbox.warnings()] == [
            ("bill_no_reused", "14", second.trx_id)
        ]
        sandbox.unique_bill_no = True
        assert sandbox.unique_bill_no is True
        with pytest.raises(faspay.ApiError) as refused:
            client.create_transaction(bill)  # type: ignore[arg-type]
        assert refused.value.response_code == "14"
    with Sandbox(strict=True) as strict:
        client = strict.client()
        client.create_transaction(bill)  # type: ignore[arg-type]
        with pytest.raises(faspay.ApiError) as refused:
            client.create_transaction(bill)  # type: ignore[arg-type]
        assert refused.value.response_code == "14"
        assert strict.warnings() == []


def test_a_status_inquiry_without_the_status_fields_is_85() -> None:
    with Sandbox() as sandbox:
        created = sandbox.client().create_transaction(sample_bill())  # type: ignore[arg-type]
        bare = sandbox.client(inquiry_sends_status_fields=False)
        with pytest.raises(faspay.ApiError) as refused:
            bare.payment_status(created.trx_id, created.bill_no)
        assert refused.value.response_code == "85"
        status = sandbox.client().payment_status(created.trx_id, created.bill_no)
        assert status.payment_status_code == faspay.PaymentStatusCode.UNPROCESSED

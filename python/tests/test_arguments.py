"""Every public function and method, given a wrong type for each argument: the SDK's error,
``faspay.ArgumentTypeError`` (code ``INVALID_ARGUMENT``, a ``ValidationError`` and a builtin
``TypeError``) naming the argument in ``field``; never pyo3's bare ``TypeError``."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Tuple

import pytest

import faspay
import oracle
from faspay.testing import Sandbox

OBJ = object()
# The wrong values by the type an argument takes.
WRONG: Dict[str, List[Any]] = {
    "str": [None, 42, 1.5, b"x", OBJ, ["x"]],
    "optional_str": [42, b"x", OBJ, ["x"]],
    # bool is an int subclass: True / False must not pass as 1 / 0 (timeout=True, one second).
    "number": [None, "1", OBJ, [1], True, False],
    "int": [None, "1", 1.5, OBJ, True, False],
    "bool": [None, "yes", 1, OBJ],
    "amount": [None, True, [1], OBJ, b"1"],
    "body": [None, 42, OBJ, ["x"]],
    "bill": [None, 42, "bill", ["x"], OBJ],
    "query": [None, 42, OBJ, ["a=b"]],
    "strs": [None, "x", 42, [1], OBJ],
    "str_map": [42, "x", {"payment_status": 1}],
    "seconds": [None, "1", OBJ, True, False],
    "optional_seconds": ["1", OBJ, True, False],
    "optional_int": ["1", 1.5, OBJ, True, False],
}

Case = Tuple[str, Callable[..., Any], List[Tuple[str, str, Any]]]


def S(name: str) -> Tuple[str, str, Any]:
    return (name, "str", "x")


def cases(sandbox: Sandbox) -> List[Case]:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", base_url="http://127.0.0.1:9")
    body = json.dumps(
        {
            "request": "Payment Notification", "trx_id": "1", "merchant_id": "99999",
            "merchant": "Sophia Store", "bill_no": "B1", "payment_status_code": "2",
            "payment_status_desc": "Payment Sukses", "bill_total": "1500000",
            "payment_total": "1500000", "payment_channel_uid": "812", "payment_channel": "OVO",
            "signature": oracle.signature("bot99999", "p@ssw0rd", "B12"),
        }
    )
    notification = client.parse_notification(body)
    status = client.decode_response(
        "payment_status",
        200,
        json.dumps(
            {
                "response": "Inquiry Status Payment", "trx_id": "1", "merchant_id": "99999",
                "merchant": "Sophia Store", "bill_no": "B1", "payment_status_code": "2",
                "payment_status_desc": "Payment Sukses", "payment_total": "1500000",
                "response_code": "00", "response_desc": "Sukses",
            }
        ),
    )
    assert isinstance(status, faspay.PaymentStatus)
    WRONG["notification"] = [None, "x", status, OBJ]
    credentials = [S("merchant_id"), S("merchant_name"), S("user_id"), S("password")]

    def client_with(name: str, kind: str) -> Case:
        return (
            f"Client({name}=...)",
            lambda *a: faspay.Client(*a[:4], **{name: a[4]}),
            [*credentials, (name, kind, CLIENT_VALID[name])],
        )

    def sandbox_setter(name: str, kind: str, valid: Any) -> Case:
        return (f"sandbox.{name} =", lambda v: setattr(sandbox, name, v), [(name, kind, valid)])

    return [
        ("sign", faspay.sign, [S("user_id"), S("password"), S("suffix")]),
        ("verify", faspay.verify, [S("expected"), S("received")]),
        ("channel_inquiry_signature", faspay.channel_inquiry_signature, [S("user_id"), S("password")]),
        *[
            (f.__name__, f, [S("user_id"), S("password"), S("bill_no")])
            for f in (
                faspay.post_data_signature,
                faspay.inquiry_signature,
                faspay.cancel_signature,
                faspay.redirect_signature,
            )
        ],
        ("ovo_push_signature", faspay.ovo_push_signature, [S("user_id"), S("password"), S("trx_id")]),
        ("notification_signature", faspay.notification_signature,
         [S("user_id"), S("password"), S("bill_no"), S("payment_status_code")]),
        ("return_url_signature", faspay.return_url_signature,
         [S("user_id"), S("password"), S("bill_no"), S("status")]),
        ("sign_message", faspay.sign_message,
         [("message", "str", "post_data"), S("user_id"), S("password"), ("values", "strs", ["B1"])]),
        ("response_code_description", faspay.response_code_description, [S("code")]),
        ("amount_to_wire", faspay.amount_to_wire, [("amount", "amount", 15000), ("unit", "str", "sen")]),
        ("bill_no_prefix_risk", faspay.bill_no_prefix_risk, [("bill_nos", "strs", ["A1", "A2"])]),
        ("Client", faspay.Client, credentials),
        *[client_with(name, kind) for name, kind in CLIENT_KINDS.items()],
        ("create_transaction", client.create_transaction, [("bill", "bill", {})]),
        ("prepare_create_transaction", client.prepare_create_transaction, [("bill", "bill", {})]),
        ("ovo_push", client.ovo_push, [S("trx_id"), S("ovo_number")]),
        ("payment_status", client.payment_status, [S("trx_id"), S("bill_no")]),
        ("cancel_transaction", client.cancel_transaction, [S("trx_id"), S("bill_no"), S("reason")]),
        ("ovo_push_form", client.ovo_push_form, [S("trx_id"), S("ovo_number")]),
        ("redirect_url", client.redirect_url, [S("trx_id"), S("bill_no")]),
        ("prepare_payment_status", client.prepare_payment_status, [S("trx_id"), S("bill_no")]),
        ("prepare_cancel_transaction", client.prepare_cancel_transaction,
         [S("trx_id"), S("bill_no"), S("reason")]),
        ("prepare_ovo_push", client.prepare_ovo_push, [S("trx_id"), S("ovo_number")]),
        ("parse_notification", client.parse_notification, [("body", "body", body)]),
        ("decode_response", client.decode_response,
         [("operation", "str", "payment_status"), ("http_status", "int", 200), ("body", "body", "{}")]),
        ("notification_reply", client.notification_reply,
         [("notification", "notification", notification), ("accepted", "bool", True)]),
        ("notification_reply(at=...)", lambda n, at: client.notification_reply(n, at=at),
         [("notification", "notification", notification), ("at", "optional_str", None)]),
        ("verify_return", client.verify_return, [("query", "query", "a=b")]),
        ("Notification.check_total", notification.check_total, [("expected", "amount", 15000)]),
        ("PaymentStatus.check_total", status.check_total, [("expected", "amount", 15000)]),
        *[
            (f"Sandbox.{name}", getattr(sandbox, name), [S("trx_id")])
            for name in ("approve", "reject", "expire", "reverse", "transaction")
        ],
        ("Sandbox.advance_clock", sandbox.advance_clock, [("by", "seconds", 0)]),
        ("Sandbox.wait_for_deliveries", sandbox.wait_for_deliveries,
         [("count", "int", 0), ("timeout", "seconds", 0)]),
        ("Sandbox.set_fault", sandbox.set_fault, [("kind", "str", "reset")]),
        ("Sandbox.set_fault(endpoint=...)", lambda k, e: sandbox.set_fault(k, endpoint=e),
         [S("kind"), ("endpoint", "optional_str", None)]),
        ("Sandbox.set_fault(seconds=...)", lambda k, s: sandbox.set_fault(k, seconds=s),
         [("kind", "str", "latency"), ("seconds", "optional_seconds", None)]),
        ("Sandbox.set_fault(times=...)", lambda k, t: sandbox.set_fault(k, times=t),
         [("kind", "str", "reset"), ("times", "optional_int", None)]),
        ("Sandbox.set_fault(code=...)", lambda k, c: sandbox.set_fault(k, code=c),
         [("kind", "str", "response_error"), ("code", "optional_str", None)]),
        sandbox_setter("notify_url", "optional_str", None),
        sandbox_setter("notify_format", "str", "json"),
        sandbox_setter("push_delay", "seconds", 0),
        sandbox_setter("strict", "bool", False),
        sandbox_setter("unique_bill_no", "bool", False),
        *[
            (f"Sandbox({name}=...)", lambda v, name=name: Sandbox(**{name: v}).close(), [(name, kind, valid)])
            for name, kind, valid in (
                ("merchant_id", "str", "99999"), ("notify_format", "str", "json"), ("strict", "bool", False),
                ("push_delay", "seconds", 0), ("port", "optional_int", None),
                ("notify_url", "optional_str", None),
            )
        ],
        ("AsyncClient.wrap", faspay.AsyncClient.wrap, [("client", "client", client)]),
    ]


CLIENT_KINDS = {
    "environment": "str", "base_url": "optional_str", "format": "str", "timeout": "number",
    "connect_timeout": "number", "push_timeout": "number", "max_retries": "optional_int",
    "retry_backoff": "number", "amount_unit": "str", "bill_validity": "number",
    "inquiry_sends_status_fields": "bool", "max_response_bytes": "optional_int",
    "allow_insecure_http": "bool", "max_inbound_bytes": "optional_int",
    "max_idle_connections": "optional_int", "dns_cache_ttl": "number", "xml_codes": "str_map",
    "redirect_code": "optional_str",
}
CLIENT_VALID: Dict[str, Any] = {
    name: {"str": "sen" if name == "amount_unit" else "json" if name == "format" else "sandbox",
           "number": 1.0, "bool": False}.get(kind)
    for name, kind in CLIENT_KINDS.items()
}
WRONG["client"] = [None, "x", OBJ]


def test_every_argument_of_a_wrong_type_is_an_argument_type_error() -> None:
    checked = 0
    with Sandbox() as sandbox:
        for what, call, args in cases(sandbox):
            for i, (field, kind, _) in enumerate(args):
                for wrong in WRONG[kind]:
                    values = [a[2] for a in args]
                    values[i] = wrong
                    label = f"{what} with {field} = {wrong!r}"
                    with pytest.raises(faspay.ArgumentTypeError) as caught:
                        call(*values)
                    error = caught.value
                    assert error.code == "INVALID_ARGUMENT", label
                    assert error.field == field, f"{label}: {error.field} ({error})"
                    assert isinstance(error, TypeError) and isinstance(error, faspay.ValidationError)
                    assert isinstance(error, faspay.FaspayError), label
                    checked += 1
    assert checked > 300, checked


def test_the_valid_values_of_the_table_work() -> None:
    """So each wrong value above is the only fault of its call (the calls whose valid values
    still fail for other reasons, a network or an unknown id, are left out)."""
    runs = 0
    with Sandbox() as sandbox:
        for what, call, args in cases(sandbox):
            if what.endswith("signature") or what in VALID_RUNS or what.startswith(("sandbox.", "Sandbox(")):
                call(*[a[2] for a in args])
                runs += 1
    assert runs >= 30, runs


VALID_RUNS = {
    "sign", "verify", "sign_message", "response_code_description", "amount_to_wire",
    "bill_no_prefix_risk", "notification_reply", "notification_reply(at=...)",
    "Notification.check_total", "PaymentStatus.check_total", "Sandbox.transaction",
    "Sandbox.advance_clock", "Sandbox.wait_for_deliveries", "Sandbox.set_fault",
    "AsyncClient.wrap",
}


def test_a_wrong_type_is_caught_as_either_class() -> None:
    with pytest.raises(TypeError) as as_builtin:
        faspay.sign(None, "p", "s")  # type: ignore[arg-type]
    with pytest.raises(faspay.ValidationError) as as_faspay:
        faspay.sign(None, "p", "s")  # type: ignore[arg-type]
    for error in (as_builtin.value, as_faspay.value):
        assert isinstance(error, faspay.ArgumentTypeError)
        assert (error.code, error.field) == ("INVALID_ARGUMENT", "user_id")
    # A value of the right type that cannot be read is a ValidationError naming it, not a
    # TypeError: a lone surrogate has no UTF-8 form.
    with pytest.raises(faspay.ValidationError) as caught:
        faspay.sign("\ud800", "p", "s")
    assert caught.value.field == "user_id" and not isinstance(caught.value, TypeError)


@pytest.mark.parametrize("flag", [True, False])
@pytest.mark.parametrize(
    "call",
    [
        faspay.PaymentStatusCode,
        faspay._native.payment_status_is_paid,
        faspay._native.payment_status_is_final,
        faspay._native.payment_status_description,
    ],
)
def test_a_bool_is_no_payment_status(call: Callable[[Any], Any], flag: bool) -> None:
    """``True == 1`` (in process) and ``False == 0``: a status read from a bool would be a guess."""
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        call(flag)
    assert caught.value.code == "INVALID_ARGUMENT" and caught.value.field == "value"
    assert faspay.PaymentStatusCode(1) is faspay.PaymentStatusCode.IN_PROCESS


def test_amount_to_wire_names_its_unit_argument() -> None:
    with pytest.raises(faspay.ValidationError) as caught:
        faspay.amount_to_wire(1, "bogus")
    assert caught.value.code == "INVALID_ARGUMENT" and caught.value.field == "unit"

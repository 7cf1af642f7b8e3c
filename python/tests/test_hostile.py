"""The Python side of the hostile-input table (RELIABILITY.md): wrong argument types, oversized
and malformed bodies, replays, repeated return-URL parameters and the prefix attack, each
asserting the exact exception class and error code; and the GIL is released while parsing."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from typing import Any, Callable, Dict, List, Optional, cast

import pytest

import faspay
import oracle
import faspay.testing
from conftest import sample_bill

USER = "bot99999"
PASSWORD = "p@ssw0rd"


def client(**settings: Any) -> faspay.Client:
    return faspay.Client("99999", "Sophia Store", USER, PASSWORD, **settings)


def paid(bill_no: str = "1000", **changes: str) -> Dict[str, str]:
    fields = {
        "request": "Payment Notification",
        "trx_id": "9999971600246827",
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": bill_no,
        "payment_reff": "123456",
        "payment_date": "2026-11-23 10:05:00",
        "payment_status_code": "2",
        "payment_status_desc": "Payment Sukses",
        "bill_total": "1500000",
        "payment_total": "1500000",
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": oracle.signature(USER, PASSWORD, bill_no + "2"),
    }
    fields.update(changes)
    return fields


def body(fields: Dict[str, str]) -> bytes:
    return json.dumps(fields).encode()


# The package, untyped: these tests call it with wrong types on purpose.
untyped: Any = faspay


def refused(call: Any, kind: type, code: str, field: Optional[str] = None) -> None:
    with pytest.raises(kind) as caught:
        call()
    error: Any = caught.value
    assert error.code == code
    assert error.field == field


# ---- bodies must be bytes-like or str ---------------------------------------------------


@pytest.mark.parametrize("wrong", [12, 2**40, None, 1.5, True, ["{}"], {"a": "b"}, object()])
def test_a_body_that_is_not_bytes_like_or_str_is_a_type_error(wrong: Any) -> None:
    with pytest.raises(faspay.ArgumentTypeError, match="body must be bytes, bytearray, memoryview or str") as parsed:
        client().parse_notification(wrong)
    with pytest.raises(faspay.ArgumentTypeError, match="body must be") as decoded:
        client().decode_response("payment_status", 200, wrong)
    for caught in (parsed.value, decoded.value):
        assert isinstance(caught, TypeError)
        assert (caught.code, caught.field) == ("INVALID_ARGUMENT", "body")


def test_every_bytes_like_form_and_str_is_read() -> None:
    raw = body(paid())
    for form in (raw, bytearray(raw), memoryview(raw), raw.decode()):
        assert client().parse_notification(form).payment_status_code.is_paid


def test_bodies_over_the_inbound_limit_are_refused_before_parsing() -> None:
    ten_mb = b"{" + b'"a":"' + b"x" * (10 << 20) + b'"}'
    refused(lambda: client().parse_notification(ten_mb), faspay.ValidationError, "INVALID_ARGUMENT", "body")
    small = client(max_inbound_bytes=100)
    refused(lambda: small.parse_notification(body(paid())), faspay.ValidationError, "INVALID_ARGUMENT", "body")
    # The reported quadratic XML: refused in a blink by the size limit, and by the per-object
    # cap on distinct names when the limit is raised.
    names = "".join(f"<k{i}/>" for i in range(300_000))
    xml = f"<faspay>{names}</faspay>".encode()
    refused(lambda: client().parse_notification(xml), faspay.ValidationError, "INVALID_ARGUMENT", "body")
    big = client(max_inbound_bytes=16 << 20)
    refused(lambda: big.parse_notification(xml), faspay.ValidationError, "INVALID_ARGUMENT", "body")


def test_the_gil_is_released_while_parsing() -> None:
    # A 6 MB body of repeated elements takes the core a while to read; another Python thread
    # must keep running meanwhile (with the GIL held it got 2 ticks in 9.8 s).
    big = client(max_inbound_bytes=16 << 20)
    xml = ("<faspay>" + "<k>v</k>" * 750_000 + "</faspay>").encode()
    ticks = 0
    started = threading.Event()
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        started.set()
        while not done.is_set():
            ticks += 1

    counter = threading.Thread(target=count)
    counter.start()
    started.wait()
    before = ticks
    try:
        with pytest.raises(faspay.ValidationError) as refused:
            big.parse_notification(xml)
        assert refused.value.code == "INVALID_ARGUMENT"
    finally:
        during = ticks - before
        done.set()
        counter.join()
    assert during > 1000, f"the other thread advanced only {during} times during the parse"


# ---- malformed and hostile documents ----------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE faspay [<!ENTITY x SYSTEM "file:///etc/passwd">]><faspay><bill_no>&x;</bill_no></faspay>',
        b'<!DOCTYPE faspay [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><faspay><m>&b;</m></faspay>',
        b"<!DOCTYPE faspay><faspay/>",
        b"\xff\xfe{}",
        b"\x00" * 12,
        b"<faspay><m>a\x00b</m></faspay>",
        b"[" * 100_00 + b"]" * 100_00,
        b'{"a":' + b"[" * 1000 + b"]" * 1000 + b"}",
        b"",
        b"bill_no=1000&payment_status_code=2",
    ],
)
def test_hostile_documents_are_validation_errors(hostile: bytes) -> None:
    refused(lambda: client().parse_notification(hostile), faspay.ValidationError, "INVALID_ARGUMENT", "body")


def test_a_bom_is_accepted_and_duplicates_refused() -> None:
    assert client().parse_notification(b"\xef\xbb\xbf" + body(paid())).payment_status_code.is_paid
    duplicated = body(paid())[:-1] + b', "bill_no": "EVIL"}'
    refused(lambda: client().parse_notification(duplicated), faspay.ValidationError, "INVALID_ARGUMENT", "body")


@pytest.mark.parametrize("total", ["abc", "-100", "1.5", "1e5"])
def test_unreadable_totals_are_errors_not_none(total: str) -> None:
    refused(
        lambda: client().parse_notification(body(paid(payment_total=total))),
        faspay.ValidationError,
        "INVALID_ARGUMENT",
        "payment_total",
    )


def test_signature_attacks() -> None:
    other = paid(merchant_id="12345")
    refused(lambda: client().parse_notification(body(other)), faspay.SignatureError, "INVALID_SIGNATURE")
    status_less = paid(signature=oracle.signature(USER, PASSWORD, "1000"))
    refused(lambda: client().parse_notification(body(status_less)), faspay.SignatureError, "INVALID_SIGNATURE")
    upper = paid(signature=oracle.signature(USER, PASSWORD, "10002").upper())
    assert client().parse_notification(body(upper)).payment_status_code.is_paid


def test_replays_with_changed_unsigned_fields_share_the_dedupe_key() -> None:
    genuine = client().parse_notification(body(paid()))
    replays = [paid(trx_id="1111111111111111"), paid(trx_id="2222222222222222", payment_total="100")]
    keys = {client().parse_notification(body(r)).dedupe_key for r in replays}
    assert keys == {genuine.dedupe_key} == {"99999:1000:2"}


# ---- return URLs ------------------------------------------------------------------------


class QueryDictLike(dict):  # type: ignore[type-arg]
    """A multi-value mapping like Django's QueryDict: item access gives the last value."""

    def __init__(self, pairs: List[Any]) -> None:
        super().__init__()
        self._lists: Dict[str, List[str]] = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)
            self[key] = value

    def lists(self) -> Any:
        return iter(self._lists.items())


def test_repeated_return_parameters_are_refused_in_every_form() -> None:
    sig = oracle.signature(USER, PASSWORD, "10002")
    query = f"bill_no=EVIL&status=2&bill_no=1000&signature={sig}"
    refused(lambda: client().verify_return(query), faspay.ValidationError, "INVALID_ARGUMENT", "bill_no")
    pairs = [("bill_no", "EVIL"), ("status", "2"), ("bill_no", "1000"), ("signature", sig)]
    refused(
        lambda: client().verify_return(QueryDictLike(pairs)),
        faspay.ValidationError,
        "INVALID_ARGUMENT",
        "bill_no",
    )
    single = QueryDictLike([("bill_no", "1000"), ("status", "2"), ("signature", sig)])
    assert client().verify_return(single).bill_no == "1000"
    assert client().verify_return({"bill_no": "1000", "status": "2", "signature": sig}).bill_no == "1000"


@pytest.mark.parametrize("wrong", [12, None, b"bill_no=1", ["bill_no=1"], 2**40])
def test_a_return_query_that_is_not_str_or_mapping_is_a_type_error(wrong: Any) -> None:
    with pytest.raises(faspay.ArgumentTypeError, match="query must be a str or a mapping") as caught:
        client().verify_return(wrong)
    assert isinstance(caught.value, TypeError)
    assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", "query")


def test_return_mapping_values_must_be_str() -> None:
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        client().verify_return(cast(Any, {"bill_no": 1000, "status": "2", "signature": "x"}))
    assert isinstance(caught.value, TypeError) and caught.value.code == "INVALID_ARGUMENT"


# ---- every wrong argument type ----------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.payment_status(12, "1000"),
        lambda c: c.payment_status("1", None),
        lambda c: c.cancel_transaction("1", "2", 3),
        lambda c: c.ovo_push(b"1", "081234567890"),
        lambda c: c.redirect_url(1, "1000"),
        lambda c: c.ovo_push_form("1", 81234567890),
        lambda c: c.prepare_payment_status(None, "1"),
        lambda c: c.prepare_cancel_transaction("1", "2", None),
        lambda c: c.prepare_ovo_push("1", 1),
        lambda c: c.create_transaction(12),
        lambda c: c.prepare_create_transaction("bill"),
        lambda c: c.notification_reply("notification"),
        lambda c: c.decode_response(1, 200, b"{}"),
        lambda c: c.decode_response("payment_status", "200", b"{}"),
        lambda c: untyped.Client(99999, "Sophia Store", USER, PASSWORD),
        lambda c: untyped.Client("99999", "Sophia Store", USER, PASSWORD, timeout="30"),
        lambda c: untyped.Client("99999", "Sophia Store", USER, PASSWORD, max_retries="2"),
        lambda c: untyped.Client("99999", "Sophia Store", USER, PASSWORD, max_retries=True),
        lambda c: untyped.Client("99999", "Sophia Store", USER, PASSWORD, max_inbound_bytes=1.5),
        lambda c: untyped.Client("99999", "Sophia Store", USER, PASSWORD, allow_insecure_http="yes"),
        lambda c: untyped.sign(1, "p", "s"),
        lambda c: untyped.verify(None, "x"),
        lambda c: untyped.bill_no_prefix_risk("1000"),
        lambda c: untyped.bill_no_prefix_risk([1000, 10002]),
        lambda c: untyped.bill_no_prefix_risk(12),
    ],
)
def test_wrong_argument_types_are_type_errors(call: Any) -> None:
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        call(client())
    assert isinstance(caught.value, TypeError) and caught.value.code == "INVALID_ARGUMENT"


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: client(max_retries=-1), "max_retries"),
        (lambda: client(max_retries=2**70), "max_retries"),
        (lambda: client(max_inbound_bytes=-5), "max_inbound_bytes"),
        (lambda: client(max_inbound_bytes=0), "max_inbound_bytes"),
        (lambda: client(max_response_bytes=2**64), "max_response_bytes"),
        (lambda: client().decode_response("payment_status", 70000, b"{}"), "http_status"),
        (lambda: client().decode_response("payment_status", -1, b"{}"), "http_status"),
        (lambda: client(timeout=-1.0), "timeout"),
        (lambda: client().decode_response("no_such_operation", 200, b"{}"), "operation"),
        (lambda: untyped.amount_to_wire([1]), "amount"),
    ],
)
def test_out_of_range_values_are_validation_errors(call: Any, field: str) -> None:
    refused(call, faspay.ValidationError, "INVALID_ARGUMENT", field)


# ---- plain HTTP in production -------------------------------------------------------------


def test_plain_http_is_refused_in_production_unless_opted_in() -> None:
    refused(
        lambda: client(environment="production", base_url="http://web.faspay.co.id"),
        faspay.ValidationError,
        "INVALID_ARGUMENT",
        "base_url",
    )
    assert client(environment="production", base_url="http://127.0.0.1:9", allow_insecure_http=True)
    assert client(environment="production", base_url="https://web.faspay.co.id")


# ---- the prefix attack ------------------------------------------------------------------


def sha1_md5(text: str) -> str:
    return hashlib.sha1(hashlib.md5(text.encode()).hexdigest().encode()).hexdigest()


def test_prefix_collisions_and_the_fixed_length_generator() -> None:
    # The protocol weakness: the public redirect signature of 10002 is "paid" for 1000.
    forged = paid(signature=oracle.signature(USER, PASSWORD, "10002"))
    assert forged["signature"] == sha1_md5(USER + PASSWORD + "10002")
    assert client().parse_notification(body(forged)).payment_status_code.is_paid
    warning = faspay.bill_no_prefix_risk(["1000", "10002"])
    assert warning is not None and "fixed length" in warning
    # Generated numbers are one fixed length: no collision is possible.
    numbers = [faspay.generate_bill_no() for _ in range(500)]
    assert {len(n) for n in numbers} == {faspay.GENERATED_BILL_NO_LENGTH} == {16}
    # The earlier name stays an alias.
    assert faspay.BILL_NO_LENGTH == faspay.GENERATED_BILL_NO_LENGTH
    assert all(n.isdigit() and n[0] != "0" for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert faspay.bill_no_prefix_risk(numbers) is None
    other = paid(numbers[0], signature=oracle.signature(USER, PASSWORD, numbers[1]))
    refused(lambda: client().parse_notification(body(other)), faspay.SignatureError, "INVALID_SIGNATURE")


def test_the_client_logs_one_warning_for_a_variable_length_numbering(caplog: pytest.LogCaptureFixture) -> None:
    c = client(base_url="http://127.0.0.1:9")
    with caplog.at_level(logging.WARNING, logger="faspay"):
        for bill_no in ["1000", "1001", "10002", "10003"]:
            c.prepare_create_transaction(cast(Any, sample_bill(bill_no=bill_no)))
    warnings = [r for r in caplog.records if getattr(r, "faspay_warning", None)]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "fixed length" in warnings[0].getMessage()


# ---- the sandbox's number arguments -----------------------------------------------------

untyped_testing: Any = faspay.testing


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"port": 2**70}, "port"),
        ({"port": 70000}, "port"),
        ({"port": -1}, "port"),
        ({"notify_max_retries": 2**64}, "notify_max_retries"),
        ({"notify_max_retries": -1}, "notify_max_retries"),
        ({"push_delay": 10**400}, "push_delay"),
        ({"push_delay": -1}, "push_delay"),
        ({"notify_retry_delay": 10**400}, "notify_retry_delay"),
    ],
)
def test_huge_or_negative_sandbox_numbers_are_validation_errors(
    kwargs: Dict[str, Any], field: str
) -> None:
    # Never pyo3's or float()'s OverflowError: a coded error naming the argument.
    refused(lambda: untyped_testing.Sandbox(**kwargs), faspay.ValidationError,
            "INVALID_ARGUMENT", field)


@pytest.mark.parametrize(
    "kwargs",
    [{"port": "8080"}, {"port": 1.5}, {"port": True},
     {"notify_max_retries": "3"}, {"push_delay": "1"}, {"push_delay": None}],
)
def test_wrong_sandbox_argument_types_are_type_errors(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        untyped_testing.Sandbox(**kwargs)
    assert isinstance(caught.value, TypeError)
    assert (caught.value.code, caught.value.field) == ("INVALID_ARGUMENT", next(iter(kwargs)))


def test_huge_numbers_on_a_running_sandbox_are_validation_errors() -> None:
    sandbox: Any = untyped_testing.Sandbox()
    with sandbox:
        for call, field in [
            (lambda: sandbox.wait_for_deliveries(2**64, 0.01), "count"),
            (lambda: sandbox.wait_for_deliveries(-1, 0.01), "count"),
            (lambda: sandbox.wait_for_deliveries(1, 10**400), "timeout"),
            (lambda: sandbox.advance_clock(10**400), "by"),
            (lambda: sandbox.set_fault("server_error", status=2**70), "status"),
            (lambda: sandbox.set_fault("server_error", times=2**40), "times"),
            (lambda: sandbox.set_fault("latency", seconds=10**400), "seconds"),
        ]:
            refused(call, faspay.ValidationError, "INVALID_ARGUMENT", field)
        wrongs: List[Callable[[], Any]] = [
            lambda: sandbox.wait_for_deliveries("1", 0.01),
            lambda: sandbox.wait_for_deliveries(None, 0.01),
            lambda: sandbox.set_fault("server_error", status="500"),
            lambda: sandbox.advance_clock("60"),
        ]
        for wrong in wrongs:
            with pytest.raises(faspay.ArgumentTypeError) as caught:
                wrong()
            assert isinstance(caught.value, TypeError) and caught.value.code == "INVALID_ARGUMENT"
        assert sandbox.wait_for_deliveries(0, 0.01), "the sandbox still answers"

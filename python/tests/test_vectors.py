"""The shared conformance vectors (tests/vectors/*.json) through the public Python API.

One dispatch table from ``op`` to a call; a case whose ``op`` is not in the table fails, so a
new kind of case forces this binding to support it. Unknown keys fail too (a misspelt key would
silently test a default), and each file must hold at least the cases ``min_cases.txt`` lists.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Callable, Dict, List

import pytest

import faspay

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"

Json = Any


def min_cases() -> Dict[str, int]:
    """``min_cases.txt``: each vector file and the fewest cases it may hold."""
    out: Dict[str, int] = {}
    for line in (VECTORS / "min_cases.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, count = line.split()
            out[name] = int(count)
    return out


def load_files() -> Dict[str, Any]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(VECTORS.glob("*.json"))
    }


FILES = load_files()
CASES = [
    pytest.param(case, id=f"{name}: {case['name']}")
    for name, doc in FILES.items()
    for case in doc["cases"]
]

CONFIG_KEYS = {
    "merchant_id", "merchant_name", "user_id", "password", "environment", "format",
    "base_url", "amount_unit", "inquiry_sends_status_fields",
}
ARGS_KEYS = {"bill", "trx_id", "bill_no", "reason", "ovo_number"}
INPUT_KEYS: Dict[str, set[str]] = {
    "sign": {"user_id", "password", "suffix"},
    "sign_message": {"message", "user_id", "password", "values"},
    "amount_to_wire": {"amount", "unit"},
    "prepare_request": {"config", "operation", "args"},
    "decode_response": {"config", "operation", "http_status", "body"},
    "parse_notification": {"config", "body"},
    "notification_reply": {"config", "body", "accepted", "response_date"},
    "check_total": {"config", "body", "expected_total"},
    "verify_return": {"config", "query"},
    "redirect_url": {"config", "trx_id", "bill_no"},
    "ovo_push_form": {"config", "trx_id", "ovo_number"},
}


def unknown_keys(value: Any, known: set[str], what: str) -> List[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{what} is not an object"]
    return [f"unknown key {what}.{k}" for k in sorted(value) if k not in known]


def shape_problems(case: Json) -> List[str]:
    """Unknown keys at every level of a case, and an error expectation without a code."""
    problems = unknown_keys(case, {"name", "source", "op", "input", "expect"}, "case")
    inp = case.get("input", {})
    problems += unknown_keys(inp, INPUT_KEYS.get(case.get("op"), set()), "input")
    problems += unknown_keys(inp.get("config"), CONFIG_KEYS, "input.config")
    problems += unknown_keys(inp.get("args"), ARGS_KEYS, "input.args")
    expect = case.get("expect", {})
    problems += unknown_keys(expect, {"ok", "error"}, "expect")
    error = expect.get("error")
    problems += unknown_keys(error, {"code", "field", "response_code", "http_status"},
                             "expect.error")
    if error is not None and not isinstance(error.get("code"), str):
        problems.append("expect.error must name its code")
    return problems


def client(inp: Json) -> faspay.Client:
    c = inp.get("config", {})
    kwargs: Dict[str, Any] = {
        "environment": c.get("environment", "sandbox"),
        "format": c.get("format", "json"),
        "amount_unit": c.get("amount_unit", "sen"),
    }
    if "base_url" in c:
        kwargs["base_url"] = c["base_url"]
    if "inquiry_sends_status_fields" in c:
        kwargs["inquiry_sends_status_fields"] = c["inquiry_sends_status_fields"]
    return faspay.Client(
        c.get("merchant_id", "99999"),
        c.get("merchant_name", "Sophia Store"),
        c.get("user_id", "bot99999"),
        c.get("password", "p@ssw0rd"),
        **kwargs,
    )


def amount(value: Any) -> Json:
    return None if value is None else str(value)


def status(value: faspay.PaymentStatusCode) -> Json:
    return {"code": int(value), "is_paid": value.is_paid, "is_final": value.is_final}


def result_view(r: Any) -> Json:
    """The canonical JSON view of a typed result (as in the Rust runner)."""
    view: Dict[str, Any] = {}
    if isinstance(r, faspay.ChannelList):
        view = {
            "merchant_id": r.merchant_id,
            "merchant": r.merchant,
            "payment_channel": [
                {"pg_code": c.pg_code, "pg_name": c.pg_name} for c in r.payment_channel
            ],
        }
    elif isinstance(r, faspay.CreatedTransaction):
        view = {
            "trx_id": r.trx_id,
            "merchant_id": r.merchant_id,
            "merchant": r.merchant,
            "bill_no": r.bill_no,
            "redirect_url": r.redirect_url,
            "web_url": r.web_url,
            "qr_content": r.qr_content,
            "alt_url": r.alt_url,
            "bill_items": [
                {"product": i.product, "qty": i.qty, "amount": amount(i.amount), "raw": i.raw}
                for i in r.bill_items
            ],
        }
    elif isinstance(r, faspay.PaymentStatus):
        s = status(r.payment_status_code)
        view = {
            "trx_id": r.trx_id,
            "merchant_id": r.merchant_id,
            "merchant": r.merchant,
            "bill_no": r.bill_no,
            "payment_reff": r.payment_reff,
            "payment_date": r.payment_date,
            "payment_status_code": s["code"],
            "payment_status_desc": r.payment_status_desc,
            "is_paid": s["is_paid"],
            "is_final": s["is_final"],
            "payment_total": amount(r.payment_total),
        }
    elif isinstance(r, faspay.Cancellation):
        view = {
            "trx_id": r.trx_id,
            "bill_no": r.bill_no,
            "trx_status_code": r.trx_status_code,
            "trx_status_desc": r.trx_status_desc,
            "payment_status_code": int(r.payment_status_code),
            "payment_status_desc": r.payment_status_desc,
            "payment_cancel_date": r.payment_cancel_date,
            "payment_cancel": r.payment_cancel,
        }
    elif isinstance(r, faspay.OvoPushResult):
        view = {"trx_id": r.trx_id}
    else:
        raise AssertionError(f"unexpected result type {type(r).__name__}")
    view["response_code"] = r.response_code
    if not isinstance(r, faspay.OvoPushResult):
        view["response_desc"] = r.response_desc
    view["raw"] = r.raw
    return view


def notification_view(n: faspay.Notification) -> Json:
    s = status(n.payment_status_code)
    return {
        "format": n.format,
        "request": n.request,
        "trx_id": n.trx_id,
        "merchant_id": n.merchant_id,
        "merchant": n.merchant,
        "bill_no": n.bill_no,
        "payment_reff": n.payment_reff,
        "payment_date": n.payment_date,
        "payment_status_code": s["code"],
        "payment_status_desc": n.payment_status_desc,
        "is_paid": s["is_paid"],
        "is_final": s["is_final"],
        "bill_total": amount(n.bill_total),
        "payment_total": amount(n.payment_total),
        "payment_channel_uid": n.payment_channel_uid,
        "payment_channel": n.payment_channel,
        "dedupe_key": n.dedupe_key,
    }


def prepare(inp: Json) -> Json:
    c = client(inp)
    args = inp.get("args", {})
    operation = inp["operation"]
    if operation == "payment_channels":
        req = c.prepare_payment_channels()
    elif operation == "create_transaction":
        req = c.prepare_create_transaction(args.get("bill"))
    elif operation == "payment_status":
        req = c.prepare_payment_status(args.get("trx_id", ""), args.get("bill_no", ""))
    elif operation == "cancel_transaction":
        req = c.prepare_cancel_transaction(
            args.get("trx_id", ""), args.get("bill_no", ""), args.get("reason", "")
        )
    elif operation == "ovo_push":
        req = c.prepare_ovo_push(args.get("trx_id", ""), args.get("ovo_number", ""))
    else:
        raise AssertionError(f"unknown operation {operation!r}")
    return {
        "method": req.method,
        "url": req.url,
        "content_type": req.content_type,
        "body": req.body.decode("utf-8"),
    }


def notification_reply(inp: Json) -> Json:
    c = client(inp)
    n = c.parse_notification(inp["body"].encode("utf-8"))
    reply = c.notification_reply(n, inp.get("accepted", True), at=inp["response_date"])
    return {"reply": reply.decode("utf-8")}


def check_total(inp: Json) -> Json:
    n = client(inp).parse_notification(inp["body"].encode("utf-8"))
    expected = inp["expected_total"]
    n.check_total(str(expected) if isinstance(expected, float) else expected)
    return {"matches": True}


def return_view(inp: Json) -> Json:
    r = client(inp).verify_return(inp["query"])
    return {
        "trx_id": r.trx_id,
        "merchant_id": r.merchant_id,
        "merchant": r.merchant,
        "bill_no": r.bill_no,
        "bill_reff": r.bill_reff,
        "bill_total": amount(r.bill_total),
        "bank_user_name": r.bank_user_name,
        "status": int(r.status),
    }


DISPATCH: Dict[str, Callable[[Json], Json]] = {
    "sign": lambda i: {"signature": faspay.sign(i["user_id"], i["password"], i["suffix"])},
    "sign_message": lambda i: {
        "signature": faspay.sign_message(i["message"], i["user_id"], i["password"], i["values"])
    },
    "amount_to_wire": lambda i: {"wire": faspay.amount_to_wire(i["amount"], i.get("unit", "sen"))},
    "prepare_request": prepare,
    "decode_response": lambda i: result_view(
        client(i).decode_response(
            i["operation"], i.get("http_status", 200), i.get("body", "").encode("utf-8")
        )
    ),
    "parse_notification": lambda i: notification_view(
        client(i).parse_notification(i["body"].encode("utf-8"))
    ),
    "check_total": check_total,
    "notification_reply": notification_reply,
    "verify_return": return_view,
    "redirect_url": lambda i: {"url": client(i).redirect_url(i["trx_id"], i["bill_no"])},
    "ovo_push_form": lambda i: {"html": client(i).ovo_push_form(i["trx_id"], i["ovo_number"])},
}


def mismatches(expected: Json, actual: Json, path: str) -> List[str]:
    """Every key of ``expected`` must equal the same key of ``actual`` (``null`` = absent)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: List[str] = []
        for key, value in expected.items():
            out += mismatches(value, actual.get(key), f"{path}.{key}")
        return out
    if expected == actual:
        return []
    return [f"{path}: expected {expected!r}, got {actual!r}"]


def test_every_vector_file_is_there_with_its_cases() -> None:
    minimums = min_cases()
    assert sorted(FILES) == sorted(minimums), "vector files vs min_cases.txt"
    for name, doc in FILES.items():
        assert unknown_keys(doc, {"description", "cases"}, "file") == [], name
        assert len(doc["cases"]) >= minimums[name], f"{name}: {len(doc['cases'])} cases"


def test_the_shape_check_catches_misspelt_keys() -> None:
    case = {
        "name": "x", "source": "computed", "op": "prepare_request", "sorce": "typo",
        "input": {"config": {"pasword": "x"}, "operation": "payment_channels",
                  "args": {"trx": "1"}, "extra": 1},
        "expect": {"error": {"field": "x", "kode": "y"}},
    }
    assert sorted(shape_problems(case)) == [
        "expect.error must name its code",
        "unknown key case.sorce",
        "unknown key expect.error.kode",
        "unknown key input.args.trx",
        "unknown key input.config.pasword",
        "unknown key input.extra",
    ]


def test_an_unknown_decode_operation_is_a_validation_error() -> None:
    with pytest.raises(faspay.ValidationError) as info:
        DISPATCH["decode_response"]({"operation": "no_such_operation", "body": "{}"})
    assert (info.value.code, info.value.field) == ("INVALID_ARGUMENT", "operation")


@pytest.mark.parametrize("case", CASES)
def test_vector(case: Json) -> None:
    op = case["op"]
    assert op in DISPATCH, f"unknown op {op!r}: add it to the Python runner"
    assert shape_problems(case) == []
    expect = case["expect"]
    assert ("ok" in expect) != ("error" in expect), "expect needs exactly one of ok / error"
    try:
        actual = DISPATCH[op](case["input"])
    except faspay.FaspayError as e:
        assert "error" in expect, f"expected ok, got {e!r}"
        seen = {
            "code": e.code,
            "field": e.field,
            "response_code": e.response_code,
            "http_status": e.http_status,
        }
        assert mismatches(expect["error"], seen, "error") == []
        return
    assert "ok" in expect, f"expected an error, got {actual!r}"
    assert mismatches(expect["ok"], actual, "ok") == []

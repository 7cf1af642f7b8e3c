"""faspay (Python) side by side with what a user writes with the standard library alone
(hashlib + hmac + json + xml.etree): sign, post-data body, notification parse + verify (JSON
and XML), reply; RSS over many parse_notification calls; `import faspay` time.

Every pair is timed in this one process, rounds interleaved, on the inputs of benches/inputs/.
Each baseline's output is checked against faspay's (same bytes, or the same parsed values)
before anything is timed. Prints markdown table rows (see scripts/bench); exits 2 when a
baseline disagrees with faspay, else 0 (scripts/bench decides what a missed target means).

    python benches/python/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple
from xml.sax.saxutils import escape

import faspay

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
CONFIG = json.loads((INPUTS / "config.json").read_text())
USER, PASSWORD = CONFIG["user_id"], CONFIG["password"]
MERCHANT_ID = CONFIG["merchant_id"]
REPLY_AT = CONFIG["reply_at"]
BILL: Any = json.loads((INPUTS / "bill.json").read_text())
NOTIFICATION_JSON = (INPUTS / "notification.json").read_bytes()
NOTIFICATION_XML = (INPUTS / "notification.xml").read_bytes()

# ---- the standard-library baselines ------------------------------------------------------


def pure_sign(suffix: str) -> str:
    md5_hex = hashlib.md5((USER + PASSWORD + suffix).encode()).hexdigest()
    return hashlib.sha1(md5_hex.encode()).hexdigest()


AMOUNT_FIELDS = ("bill_gross", "bill_tax", "bill_miscfee", "bill_total")


def to_sen(rupiah: Any) -> str:
    return str(int(Decimal(rupiah) * 100))


def pure_body_fields(bill: Dict[str, Any]) -> Dict[str, Any]:
    body = dict(bill)
    for key in AMOUNT_FIELDS:
        if key in body:
            body[key] = to_sen(body[key])
    body["item"] = [dict(item, amount=to_sen(item["amount"])) for item in bill["item"]]
    body["signature"] = pure_sign(bill["bill_no"])
    return body


def pure_body_json(bill: Dict[str, Any]) -> bytes:
    return json.dumps(pure_body_fields(bill), separators=(",", ":"), ensure_ascii=False).encode()


def pure_validate(bill: Dict[str, Any]) -> None:
    """The checks faspay makes on a bill, as a careful user would write them."""
    for key in ("bill_no", "bill_desc", "bill_total", "payment_channel", "cust_no",
                "cust_name", "msisdn", "email", "item", "billing_name"):
        if not str(bill.get(key, "")).strip():
            raise ValueError(key)
    if len(bill["bill_no"]) > 32 or len(bill["bill_desc"]) > 128 or len(bill["cust_no"]) > 36:
        raise ValueError("length")
    if not bill["msisdn"].isdigit() or "@" not in bill["email"]:
        raise ValueError("msisdn/email")
    start = time.strptime(bill["bill_date"], "%Y-%m-%d %H:%M:%S")
    end = time.strptime(bill["bill_expired"], "%Y-%m-%d %H:%M:%S")
    if not start < end:
        raise ValueError("bill_expired")
    total = Decimal(bill["bill_total"])
    if total <= 0 or total != sum(Decimal(i["amount"]) for i in bill["item"]):
        raise ValueError("bill_total")


def pure_body_json_validated(bill: Dict[str, Any]) -> bytes:
    pure_validate(bill)
    return pure_body_json(bill)


def pure_body_xml(bill: Dict[str, Any]) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<faspay>\n']
    for key, value in pure_body_fields(bill).items():
        if key == "item":
            for item in value:
                out.append("  <item>\n")
                out.extend(f"    <{k}>{escape(v)}</{k}>\n" for k, v in item.items())
                out.append("  </item>\n")
        else:
            out.append(f"  <{key}>{escape(value)}</{key}>\n")
    out.append("</faspay>\n")
    return "".join(out).encode()


def verified(fields: Dict[str, str]) -> Tuple[str, int, Decimal]:
    expected = pure_sign(fields["bill_no"] + fields["payment_status_code"])
    if not hmac.compare_digest(expected, fields["signature"].strip().lower()):
        raise ValueError("signature")
    if fields["merchant_id"] != MERCHANT_ID:
        raise ValueError("merchant_id")
    return (
        fields["bill_no"],
        int(fields["payment_status_code"]),
        Decimal(fields["payment_total"]) / 100,
    )


def pure_parse_json(body: bytes) -> Tuple[str, int, Decimal]:
    return verified(json.loads(body))


def pure_parse_xml(body: bytes) -> Tuple[str, int, Decimal]:
    return verified({child.tag: child.text or "" for child in ET.fromstring(body)})


def pure_reply_json(fields: Dict[str, str]) -> bytes:
    reply = {
        "response": "Payment Notification",
        "trx_id": fields["trx_id"],
        "merchant_id": fields["merchant_id"],
        "merchant": fields["merchant"],
        "bill_no": fields["bill_no"],
        "response_code": "00",
        "response_desc": "Success",
        "response_date": REPLY_AT,
    }
    return json.dumps(reply, separators=(",", ":"), ensure_ascii=False).encode()


def pure_reply_xml(fields: Dict[str, str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<faspay>\n'
        "  <response>Payment Notification</response>\n"
        f"  <trx_id>{escape(fields['trx_id'])}</trx_id>\n"
        f"  <merchant_id>{escape(fields['merchant_id'])}</merchant_id>\n"
        f"  <bill_no>{escape(fields['bill_no'])}</bill_no>\n"
        "  <response_code>00</response_code>\n"
        "  <response_desc>Success</response_desc>\n"
        f"  <response_date>{REPLY_AT}</response_date>\n"
        "</faspay>\n"
    ).encode()


# ---- the harness -------------------------------------------------------------------------


def per_op_ns(fn: Callable[[], Any], iterations: int) -> float:
    """CPU ns per call on this thread's clock: on a shared machine a wall clock also counts
    the time other processes held the CPU."""
    start = time.thread_time_ns()
    for _ in range(iterations):
        fn()
    return (time.thread_time_ns() - start) / iterations


def fmt_time(ns: float) -> str:
    if ns >= 1000:
        return f"{ns / 1000:.2f} µs ({1e9 / ns / 1000:,.0f} k/s)"
    return f"{ns:.0f} ns ({1e9 / ns / 1e6:.2f} M/s)"


def row(cells: List[str]) -> None:
    print("| " + " | ".join(cells) + " |", flush=True)


def verdict(holds: bool, quick: bool) -> str:
    if quick:
        return "not checked (--quick)"
    return "held" if holds else "MISSED"


def compare(name: str, sdk: Callable[[], Any], pure: Callable[[], Any], baseline: str,
            min_speedup: float | None, round_ms: float, rounds: int, quick: bool) -> None:
    # Warm-up, then as many calls per round as fill about `round_ms` for the slower one.
    slowest = max(per_op_ns(sdk, 50), per_op_ns(pure, 50))
    iterations = max(int(round_ms * 1e6 / slowest), 10)
    sdk_times, pure_times = [], []
    for _ in range(rounds):
        sdk_times.append(per_op_ns(sdk, iterations))
        pure_times.append(per_op_ns(pure, iterations))
    s, p = statistics.median(sdk_times), statistics.median(pure_times)
    speedup = p / s
    target = "report" if min_speedup is None else f"≥ {min_speedup:g}x"
    result = "-" if min_speedup is None else verdict(speedup >= min_speedup, quick)
    row(["Python", name, fmt_time(s), baseline, fmt_time(p), f"{speedup:.2f}x", target, result])


def must_equal(what: str, ours: Any, theirs: Any) -> None:
    if ours != theirs:
        print(f"baseline disagrees with faspay on {what}:\n  faspay:   {ours!r}\n"
              f"  baseline: {theirs!r}", file=sys.stderr)
        sys.exit(2)


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def import_time_ms(runs: int) -> float:
    """Median CPU time of `import faspay` in a fresh interpreter, measured inside it (the
    interpreter's own start-up is not counted; neither is other processes' time)."""
    code = ("import time; t = time.process_time(); import faspay; "
            "print(time.process_time() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], check=True,
                                  capture_output=True, text=True).stdout)
             for _ in range(runs)]
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="small counts, no verdicts")
    quick = parser.parse_args().quick
    round_ms, rounds = (5.0, 3) if quick else (100.0, 11)
    memory_calls = 20_000 if quick else 1_000_000

    json_client = faspay.Client(MERCHANT_ID, CONFIG["merchant_name"], USER, PASSWORD)
    xml_client = faspay.Client(MERCHANT_ID, CONFIG["merchant_name"], USER, PASSWORD,
                               format="xml")

    # Same bytes / same values before timing.
    bill_no = BILL["bill_no"]
    must_equal("sign", faspay.sign(USER, PASSWORD, bill_no), pure_sign(bill_no))
    body_json = json_client.prepare_create_transaction(BILL).body
    must_equal("JSON body", body_json, pure_body_json(BILL))
    must_equal("JSON body (validated)", body_json, pure_body_json_validated(BILL))
    must_equal("XML body", xml_client.prepare_create_transaction(BILL).body, pure_body_xml(BILL))
    parsed = {}
    for fmt, body, pure_parse in (("json", NOTIFICATION_JSON, pure_parse_json),
                                  ("xml", NOTIFICATION_XML, pure_parse_xml)):
        n = json_client.parse_notification(body)
        must_equal(f"{fmt} notification", (n.bill_no, n.payment_status_code, n.payment_total),
                   pure_parse(body))
        parsed[fmt] = n
    pure_fields_json = json.loads(NOTIFICATION_JSON)
    pure_fields_xml = {c.tag: c.text or "" for c in ET.fromstring(NOTIFICATION_XML)}
    reply = json_client.notification_reply
    must_equal("JSON reply", reply(parsed["json"], True, at=REPLY_AT),
               pure_reply_json(pure_fields_json))
    must_equal("XML reply", reply(parsed["xml"], True, at=REPLY_AT),
               pure_reply_xml(pure_fields_xml))

    def sdk_parse(body: bytes) -> Callable[[], Any]:
        parse = json_client.parse_notification

        def run() -> Any:
            n = parse(body)  # what a handler reads: which bill, is it paid, how much
            return n.bill_no, n.payment_status_code, n.payment_total
        return run

    def cases() -> List[Tuple[str, Callable[[], Any], Callable[[], Any], str, Any]]:
        sign = faspay.sign
        prepare_json = json_client.prepare_create_transaction
        prepare_xml = xml_client.prepare_create_transaction
        nj, nx = parsed["json"], parsed["xml"]
        return [
            ("sign", lambda: sign(USER, PASSWORD, bill_no), lambda: pure_sign(bill_no),
             "hashlib md5+sha1", None),
            ("post-data body JSON (faspay validates; baseline does not)",
             lambda: prepare_json(BILL).body, lambda: pure_body_json(BILL),
             "dict + json.dumps", 1.0),
            ("post-data body JSON (both validate)",
             lambda: prepare_json(BILL).body, lambda: pure_body_json_validated(BILL),
             "checks + dict + json.dumps", None),
            ("post-data body XML", lambda: prepare_xml(BILL).body,
             lambda: pure_body_xml(BILL), "f-strings + saxutils.escape", None),
            ("notification parse+verify JSON", sdk_parse(NOTIFICATION_JSON),
             lambda: pure_parse_json(NOTIFICATION_JSON), "json + hashlib + hmac", 1.5),
            ("notification parse+verify XML", sdk_parse(NOTIFICATION_XML),
             lambda: pure_parse_xml(NOTIFICATION_XML), "xml.etree + hashlib + hmac", 3.0),
            ("notification reply JSON", lambda: reply(nj, True, at=REPLY_AT),
             lambda: pure_reply_json(pure_fields_json), "json.dumps", None),
            ("notification reply XML", lambda: reply(nx, True, at=REPLY_AT),
             lambda: pure_reply_xml(pure_fields_xml), "f-strings", None),
        ]

    for name, sdk, pure, baseline, target in cases():
        compare(name, sdk, pure, baseline, target, round_ms, rounds, quick)

    # Memory: RSS after a warm-up, then after the calls; "flat" = grew by less than 2 MiB.
    parse = json_client.parse_notification
    for _ in range(10_000):
        parse(NOTIFICATION_XML)
    before = rss_kib()
    for i in range(memory_calls):
        n = parse(NOTIFICATION_XML if i & 1 else NOTIFICATION_JSON)
        n.raw  # build the lazy values too: they must be freed with the notification
    after = rss_kib()
    grew = after - before
    row(["Python", f"RSS over {memory_calls:,} parse_notification", f"{before:,} → {after:,} KiB",
         "-", "-", f"{grew:+,} KiB", "flat (< 2 MiB)", verdict(grew < 2048, quick)])

    runs = 3 if quick else 15
    ms = import_time_ms(runs)
    row(["Python", "import faspay (CPU time in a fresh interpreter)", f"{ms:.1f} ms", "-", "-",
         "-", "report", "-"])


if __name__ == "__main__":
    main()

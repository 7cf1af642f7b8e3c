"""An independent oracle, Python standard library only (hashlib, json, xml.etree,
urllib.parse, decimal): re-checks the requests the sandbox received and the notifications it
sent, without the faspay package's signing, codecs or amounts (which the sandbox shares), so a
bug shared by both sides cannot pass unseen.

The ``faspay_sandbox`` fixture (conftest.py) runs ``check_sandbox`` when each test ends.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Protocol, Sequence, Tuple

if TYPE_CHECKING:
    from faspay.testing import Sandbox


class Received(Protocol):
    """What the oracle reads of a request (``faspay.testing.SandboxRequest`` has it)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def query(self) -> str: ...
    @property
    def body(self) -> bytes: ...
    @property
    def response_status(self) -> Optional[int]: ...
    @property
    def response_body(self) -> bytes: ...

#: Bills built by ``conftest.sample_bill``, by bill_no: what the test meant to send.
BILLS_SENT: Dict[str, Dict[str, Any]] = {}


def signature(user_id: str, password: str, suffix: str) -> str:
    """``sha1(md5(user_id + password + suffix))``, SHA-1 over the MD5 *hex text*."""
    md5_hex = hashlib.md5((user_id + password + suffix).encode()).hexdigest()
    return hashlib.sha1(md5_hex.encode()).hexdigest()


#: The signed suffix of each message, spelled out from Faspay's documentation.
SUFFIXES: Dict[str, Callable[[Mapping[str, str]], str]] = {
    "channel_inquiry": lambda f: "",
    "post_data": lambda f: f["bill_no"],
    "inquiry": lambda f: f["bill_no"],
    "cancel": lambda f: f["bill_no"],
    "redirect": lambda f: f["bill_no"],
    "ovo_push": lambda f: f["trx_id"],
    "notification": lambda f: f["bill_no"] + f["payment_status_code"],
    "return_url": lambda f: f["bill_no"] + f["status"],
}


def wire_amount(value: Any, unit: str = "sen") -> str:
    """A rupiah amount as the test wrote it (int, str, Decimal, float) in the wire unit, by
    exact decimal arithmetic."""
    if isinstance(value, float):
        amount = decimal.Decimal(repr(value))
    else:
        amount = decimal.Decimal(str(value))
    scaled = amount * 100 if unit == "sen" else amount
    assert scaled == scaled.to_integral_value(), f"{value!r} is not whole in {unit}"
    return str(int(scaled))


@dataclass
class Message:
    kind: str
    fields: Dict[str, str]
    items: List[Dict[str, str]] = field(default_factory=list)
    root: Optional[str] = None


KINDS = {"100001": "channel_inquiry", "300011": "post_data", "100004": "inquiry",
         "100005": "cancel"}


def classify(path: str) -> Optional[Tuple[str, str]]:
    """(message kind, body format) of a request path, or None."""
    parts = path.strip("/").split("/")
    if len(parts) == 3 and parts[0] == "cvr" and parts[2] == "10" and parts[1] in KINDS:
        return KINDS[parts[1]], "json"
    if parts == ["pws", "ovo_direct"]:
        return "ovo_push", "form"
    if len(parts) == 4 and parts[:2] == ["pws", "100003"]:
        return "redirect", "query"
    if len(parts) in (2, 3) and parts[0] == "pws" and parts[1] in KINDS:
        return KINDS[parts[1]], "xml"
    return None


def _strings(obj: Mapping[str, Any]) -> Dict[str, str]:
    out = {}
    for k, v in obj.items():
        if not isinstance(v, str):
            raise ValueError(f"{k} is not a string: {v!r}")
        out[k] = v
    return out


def read_json(body: bytes, kind: str = "") -> Message:
    doc = json.loads(body.decode("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    items: List[Dict[str, str]] = []
    fields: Dict[str, str] = {}
    for key, value in doc.items():
        if key in ("item", "bill_items") and isinstance(value, list):
            items.extend(_strings(v) for v in value)
        elif key in ("item", "bill_items") and isinstance(value, dict):
            items.append(_strings(value))
        elif isinstance(value, str):
            fields[key] = value
        elif isinstance(value, (dict, list)):
            fields[key] = json.dumps(value)
        else:
            raise ValueError(f"{key} is not a string: {value!r}")
    return Message(kind, fields, items)


def read_xml(body: bytes, kind: str = "") -> Message:
    """Strict: ElementTree refuses anything not well-formed (a bare ``&``, unbalanced tags,
    two roots); escaped values come back unescaped."""
    root = ET.fromstring(body)
    fields: Dict[str, str] = {}
    items: List[Dict[str, str]] = []
    for child in root:
        if child.tag in ("item", "bill_items") and len(child):
            items.append({c.tag: c.text or "" for c in child})
        else:
            fields[child.tag] = child.text or ""
    return Message(kind, fields, items, root.tag)


def read_request(r: Received) -> Optional[Message]:
    """The request read with our own readers; None when it is not a Faspay request; raises
    when the body cannot be read."""
    what = classify(r.path)
    if what is None:
        return None
    kind, wire = what
    if wire == "json":
        return read_json(r.body, kind)
    if wire == "xml":
        return read_xml(r.body, kind)
    if wire == "form":
        return Message(kind, dict(urllib.parse.parse_qsl(r.body.decode(), keep_blank_values=True)))
    fields = dict(urllib.parse.parse_qsl(r.query, keep_blank_values=True))
    fields["signature"] = r.path.rsplit("/", 1)[-1]
    return Message(kind, fields)


def response_code(body: bytes) -> Optional[str]:
    for reader in (read_json, read_xml):
        try:
            m = reader(body)
        except (ValueError, ET.ParseError, UnicodeDecodeError):
            continue
        if "response_code" in m.fields:
            return m.fields["response_code"]
        if "response_error" in m.fields:
            inner = json.loads(m.fields["response_error"])
            code = inner.get("response_code") if isinstance(inner, dict) else None
            return code if isinstance(code, str) else None
        if m.root == "response_error":
            return None
    return None


AMOUNT_FIELDS = ("bill_gross", "bill_tax", "bill_miscfee", "bill_total")


def check_requests(user_id: str, password: str, requests: Sequence[Received],
                   unit: str = "sen") -> int:
    """Re-checks each request; returns how many were Faspay requests.

    Answered ``00`` (or a 200 payment page): readable by our readers, XML root ``faspay``,
    the signature our formula gives, amounts digits only, and, for a bill built by
    ``sample_bill``, every field and amount as the test wrote it (amounts ×100 in sen).
    Answered ``55`` (or a 403 page): our formula must disagree with its signature.
    """
    checked = 0
    for r in requests:
        what = classify(r.path)
        if what is None:
            continue
        checked += 1
        context = f"{r.method} {r.path} {r.body!r} -> {r.response_status} {r.response_body!r}"
        if what[0] == "redirect":
            accepted = r.response_status == 200 and r.method == "GET"
            refused = r.response_status == 403
        else:
            code = response_code(r.response_body)
            accepted, refused = code == "00", code == "55"
        try:
            m = read_request(r)
        except (ValueError, ET.ParseError, UnicodeDecodeError) as e:
            assert not accepted, f"accepted a request we cannot read ({e}): {context}"
            continue
        assert m is not None
        try:
            expected: Optional[str] = signature(user_id, password, SUFFIXES[m.kind](m.fields))
        except KeyError:
            expected = None
        sent = m.fields.get("signature", "").lower()
        if accepted:
            assert expected is not None and sent == expected, f"bad signature accepted: {context}"
            if what[1] == "xml":
                assert m.root == "faspay", context
            amounts = [m.fields[k] for k in AMOUNT_FIELDS if k in m.fields]
            amounts += [i["amount"] for i in m.items if "amount" in i]
            assert all(a.isdigit() for a in amounts), f"amount not digits: {context}"
            if m.kind == "post_data" and m.fields["bill_no"] in BILLS_SENT:
                assert_bill_matches(BILLS_SENT[m.fields["bill_no"]], m, unit)
        if refused:
            assert sent != expected, f"good signature refused: {context}"
    return checked


def assert_bill_matches(bill: Mapping[str, Any], m: Message, unit: str = "sen") -> None:
    """The Post Data fields are the bill's values as written (XML escaping undone) and its
    amounts are the bill's ×100 (sen) by decimal arithmetic."""
    for key, value in bill.items():
        if key == "item":
            items = value if isinstance(value, list) else [value]
            assert len(m.items) == len(items)
            for sent, wanted in zip(m.items, items):
                assert sent["product"] == wanted["product"]
                assert sent["qty"] == str(wanted["qty"])
                assert sent["amount"] == wire_amount(wanted["amount"], unit)
        elif key in AMOUNT_FIELDS:
            assert m.fields[key] == wire_amount(value, unit), key
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            assert m.fields[key] == str(value), key


def check_notification(user_id: str, password: str, body: bytes) -> Message:
    """A notification the sandbox sent: readable (JSON, or well-formed XML) and signed
    ``sha1(md5(user_id + password + bill_no + payment_status_code))``."""
    try:
        m = read_json(body, "notification")
    except ValueError:
        m = read_xml(body, "notification")
        assert m.root == "faspay"
    f = m.fields
    assert f["signature"] == signature(user_id, password, f["bill_no"] + f["payment_status_code"])
    return m


def check_sandbox(sandbox: Sandbox, unit: str = "sen") -> int:
    """Every request received and every notification sent by ``sandbox``, re-checked; returns
    the number of Faspay requests checked."""
    checked = check_requests(sandbox.user_id, sandbox.password, sandbox.requests(), unit)
    for d in sandbox.deliveries():
        m = check_notification(sandbox.user_id, sandbox.password, d.request_body.encode())
        assert m.fields["trx_id"] == d.trx_id
        assert m.fields["bill_no"] == d.bill_no
    return checked

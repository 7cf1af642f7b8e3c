"""Bill conversion: Python values → the core's bill, checked through the exact request body."""

from __future__ import annotations

import collections
import datetime
import decimal
import json
from typing import Any, Dict

import pytest

import faspay
import oracle
from conftest import sample_bill

WIB = datetime.timezone(datetime.timedelta(hours=7))


def client(**kwargs: Any) -> faspay.Client:
    return faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", **kwargs)


def body(bill: Dict[str, Any], **kwargs: Any) -> Dict[str, Any]:
    request = client(**kwargs).prepare_create_transaction(bill)  # type: ignore[arg-type]
    parsed: Dict[str, Any] = json.loads(request.body)
    return parsed


def refused(bill: Dict[str, Any]) -> faspay.ValidationError:
    with pytest.raises(faspay.ValidationError) as info:
        client().prepare_create_transaction(bill)  # type: ignore[arg-type]
    assert info.value.code == "INVALID_ARGUMENT"
    return info.value


@pytest.mark.parametrize(
    "value, wire",
    [
        (15000, "1500000"),
        (decimal.Decimal("15000.5"), "1500050"),
        (decimal.Decimal("1.5E+4"), "1500000"),
        ("15000.50", "1500050"),
        (15000.25, "1500025"),
    ],
)
def test_amount_forms(value: Any, wire: str) -> None:
    assert body(sample_bill(bill_total=value))["bill_total"] == wire
    assert oracle.wire_amount(value) == wire  # the expected value, by decimal arithmetic


@pytest.mark.parametrize(
    "value",
    [0.1 + 0.2, 1.234, decimal.Decimal("1.234"), "1,000", -5, True, float("nan"),
     decimal.Decimal("NaN"), 10**30, [1], object()],
)
def test_bad_amounts_name_the_field(value: Any) -> None:
    assert refused(sample_bill(bill_total=value)).field == "bill_total"


def test_item_amount_errors_name_the_item() -> None:
    bill = sample_bill(item=[{"product": "Kopi", "qty": 1, "amount": 1.005}])
    assert refused(bill).field == "item[0].amount"


def test_aware_datetime_is_converted_to_wib() -> None:
    utc = datetime.datetime(2026, 1, 1, 20, 4, 5, tzinfo=datetime.timezone.utc)
    sent = body(sample_bill(bill_date=utc, bill_expired=utc + datetime.timedelta(hours=1)))
    assert sent["bill_date"] == "2026-01-02 03:04:05"
    assert sent["bill_expired"] == "2026-01-02 04:04:05"


def test_naive_datetime_is_taken_as_wib() -> None:
    naive = datetime.datetime(2026, 1, 2, 3, 4, 5, 999999)
    sent = body(sample_bill(bill_date=naive, bill_expired="2026-01-02 05:00:00"))
    assert sent["bill_date"] == "2026-01-02 03:04:05"
    assert sent["bill_expired"] == "2026-01-02 05:00:00"


def test_a_wib_aware_datetime_keeps_its_wall_clock() -> None:
    wib = datetime.datetime(2026, 3, 1, 9, 0, 0, tzinfo=WIB)
    assert body(sample_bill(bill_date=wib, bill_expired=wib + datetime.timedelta(days=1)))[
        "bill_date"
    ] == "2026-03-01 09:00:00"


def test_a_bare_date_is_refused() -> None:
    assert refused(sample_bill(bill_date=datetime.date(2026, 1, 1))).field == "bill_date"


def test_one_item_dict_is_sent_as_a_list_and_ints_become_text() -> None:
    sent = body(sample_bill(item={"product": "Kopi", "qty": 2, "amount": 15000}, cust_no=42))
    assert sent["item"][0]["qty"] == "2"
    assert sent["item"][0]["tenor"] == "00"
    assert sent["cust_no"] == "42"


def test_any_mapping_works() -> None:
    bill = collections.OrderedDict(sample_bill())
    assert body(bill)["bill_no"] == bill["bill_no"]


def test_a_key_one_slip_from_a_known_field_is_refused_not_sent() -> None:
    assert refused(sample_bill(bill_totl=1)).field == "bill_totl"
    assert refused(sample_bill(Bill_No="X")).field == "Bill_No"


def test_keys_outside_the_docs_are_sent_as_given_in_both_formats() -> None:
    bill = sample_bill(trx_source=3, va_type="1", term_condition=None)
    bill["item"][0]["reserve1"] = "r1"
    sent = body(bill)
    keys = list(sent)
    assert keys[-3:] == ["trx_source", "va_type", "signature"]
    assert (sent["trx_source"], sent["va_type"]) == ("3", "1")
    assert "term_condition" not in sent
    assert sent["item"][0]["reserve1"] == "r1"
    xml = client(format="xml").prepare_create_transaction(bill).body  # type: ignore[arg-type]
    assert b"<trx_source>3</trx_source>" in xml
    assert b"<reserve1>r1</reserve1>\n  </item>" in xml
    # A UUID cust_no (36 characters) is what clients send and Faspay accepts.
    assert body(sample_bill(cust_no="3f2b8c1e-9a4d-4c7e-b5f0-1d2e3f4a5b6c"))["cust_no"][8] == "-"
    assert refused(sample_bill(cust_no="x" * 37)).field == "cust_no"


def test_extra_keys_must_be_text_and_not_given_twice() -> None:
    assert refused(sample_bill(colour={"a": "b"})).field == "colour"
    assert refused(sample_bill(trx_source="1", extra={"trx_source": "2"})).field == "trx_source"
    assert refused(sample_bill(trxSource="1")).field == "extra"


def test_not_a_mapping_is_a_type_error() -> None:
    with pytest.raises(faspay.ArgumentTypeError) as caught:
        client().prepare_create_transaction([("bill_no", "x")])  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError) and caught.value.code == "INVALID_ARGUMENT"


def test_non_string_keys_are_refused() -> None:
    bill: Dict[Any, Any] = sample_bill()
    bill[1] = "x"
    assert refused(bill).field == "bill"


def test_the_signature_is_faspays_formula() -> None:
    bill = sample_bill()
    assert body(bill)["signature"] == oracle.signature("bot99999", "p@ssw0rd", bill["bill_no"])


def test_rupiah_unit() -> None:
    bill = sample_bill(bill_total="15000.00")
    assert body(bill, amount_unit="rupiah")["bill_total"] == "15000"


def test_amount_to_wire() -> None:
    assert faspay.amount_to_wire(decimal.Decimal("0.07")) == "7"
    assert faspay.amount_to_wire(25, "rupiah") == "25"
    with pytest.raises(faspay.ValidationError) as info:
        faspay.amount_to_wire(False)
    assert info.value.field == "amount"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"bill_desc": "Order \ud800"}, "bill_desc"),
        ({"item": [{"product": "Kopi \udc00", "qty": 1, "amount": 1}]}, "item[0].product"),
        ({"note": "\ud800"}, "note"),  # a key outside Faspay's tables: the full path
        ({"extra": {"hint": "x\udbff"}}, "extra.hint"),
    ],
)
def test_a_lone_surrogate_is_a_validation_error_naming_the_field(
    fields: Dict[str, Any], field: str
) -> None:
    # Half a UTF-16 pair is not text: not a bare UnicodeEncodeError, not a guess.
    error = refused(sample_bill(**fields))
    assert error.field == field

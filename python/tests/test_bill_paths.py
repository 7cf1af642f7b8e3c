"""A plain dict of Faspay's keys takes the binding's fast reader; any other mapping takes the
full path through the core's JSON tree. Both must give the same bytes for every kind of value
a bill may hold, and the same error for a bad one."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Dict, List

import pytest

import faspay

BASE: Dict[str, Any] = {
    "bill_no": "8032149271650394",
    "bill_desc": "Kopi",
    "bill_total": "25000",
    "payment_channel": "812",
    "cust_no": "42",
    "cust_name": "Budi",
    "billing_name": "Budi",
    "msisdn": "081234567890",
    "email": "budi@example.com",
    "bill_date": "2026-11-23 10:00:00",
    "bill_expired": "2026-11-23 11:00:00",
    "item": [{"product": "Kopi", "qty": 1, "amount": "25000"}],
}

WIB = datetime.timezone(datetime.timedelta(hours=7))

VARIANTS: List[Dict[str, Any]] = [
    {},
    {"bill_total": 25000, "item": [{"product": "Kopi", "qty": "1", "amount": 25000}]},
    {"bill_total": 25000.0, "item": ({"product": "Kopi", "qty": 1, "amount": 25000.0},)},
    {"bill_total": Decimal("25000.00"), "item": {"product": "Kopi", "qty": 1,
                                                 "amount": Decimal("2.5E+4")}},
    {"bill_date": datetime.datetime(2026, 11, 23, 10, 0, 0),
     "bill_expired": datetime.datetime(2026, 11, 23, 11, 0, 0, tzinfo=WIB)},
    {"cust_lastname": None, "reserve1": "r1", "terminal": 10, "extra": {"trx_source": "3"}},
    {"va_type": "x", "item": [{"product": "Kopi", "qty": 1, "amount": 25000, "reserve1": "i"}]},
    {"item": [{"product": "Kopi", "qty": 1, "amount": "12500.50"},
              {"product": "Roti", "qty": 2, "amount": "12499.50"}]},
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_dict_and_other_mappings_give_the_same_bytes(fmt: str, variant: int) -> None:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd", format=fmt)
    # Any: the bill's TypedDict does not list the variants' extra keys on purpose.
    bill: Any = {**BASE, **VARIANTS[variant]}
    other_mapping: Any = MappingProxyType(bill)
    fast = client.prepare_create_transaction(bill).body
    full = client.prepare_create_transaction(other_mapping).body
    assert fast == full
    assert b"8032149271650394" in fast


BAD = [
    ({"bill_total": True}, "bill_total"),
    ({"bill_total": float("nan")}, "bill_total"),
    ({"bill_total": Decimal("NaN")}, "bill_total"),
    ({"bill_total": 2**70}, "bill_total"),
    ({"bill_date": datetime.date(2026, 11, 23)}, "bill_date"),
    ({"item": [{"product": "Kopi", "qty": 1, "amount": "1.234"}]}, "item[0].amount"),
    ({"item": [{"prodct": "Kopi", "qty": 1, "amount": 1}]}, "item[0].prodct"),
    ({"bill_expire": "2026-11-23 11:00:00"}, "bill_expire"),
    ({"item": [{"product": "Kopi", "qty": 1, "amount": 1, "x": {"y": "z"}}]}, "item[0].x"),
]


@pytest.mark.parametrize("change,field", BAD)
def test_dict_and_other_mappings_fail_alike(change: Dict[str, Any], field: str) -> None:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd")
    bill: Any = {**BASE, **change}
    other_mapping: Any = MappingProxyType(bill)
    with pytest.raises(faspay.ValidationError) as fast:
        client.prepare_create_transaction(bill)
    with pytest.raises(faspay.ValidationError) as full:
        client.prepare_create_transaction(other_mapping)
    assert fast.value.field == full.value.field == field
    assert str(fast.value) == str(full.value)


def test_a_bill_that_contains_itself_is_refused() -> None:
    client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd")
    bill: Any = dict(BASE)
    bill["extra"] = bill
    with pytest.raises(faspay.ValidationError) as caught:
        client.prepare_create_transaction(bill)
    assert caught.value.code == "INVALID_ARGUMENT"

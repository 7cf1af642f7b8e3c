"""The bill of ``Client.create_transaction`` as ``TypedDict`` s, with Faspay's own field names
(docs/protocol.md). At run time a bill is a plain ``dict``; these types only help checkers.

Amounts are rupiah: ``int``, ``decimal.Decimal`` or a decimal ``str`` with at most 2 places
(a ``float`` only when exact, e.g. ``10000.5``; ``0.1 + 0.2`` is refused, never rounded).
Dates are a ``datetime`` (aware ones are converted to WIB, naive ones are taken as WIB) or
Faspay's ``"YYYY-MM-DD HH:MM:SS"`` (WIB).

Keys these types do not list (``trx_source``, ``reserve1`` inside an item, ...) are sent to
Faspay as given, like ``extra``; a key one typing slip from a known one (``bill_expire``) is
refused with ``ValidationError``.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Dict, List, TypedDict, Union

__all__ = ["AmountInput", "DateInput", "Item", "Bill"]

AmountInput = Union[int, decimal.Decimal, str, float]
DateInput = Union[datetime.datetime, str]
TextInput = Union[str, int]


class _ItemRequired(TypedDict):
    product: str
    qty: TextInput
    amount: AmountInput


class Item(_ItemRequired, total=False):
    """One purchased item. ``payment_plan`` (1), ``tenor`` (00) and ``merchant_id`` default."""

    id: TextInput
    payment_plan: TextInput
    tenor: TextInput
    merchant_id: TextInput
    type: str
    url: str
    image_url: str
    extra: Dict[str, str]


class _BillRequired(TypedDict):
    bill_no: str
    bill_desc: str
    bill_total: AmountInput
    payment_channel: TextInput
    cust_no: TextInput
    cust_name: str
    msisdn: TextInput
    email: str
    item: Union[Item, List[Item]]


class Bill(_BillRequired, total=False):
    """A bill. ``billing_name`` is required for OVO (812). Defaults filled by the SDK:
    ``merchant_id``, ``merchant``, ``bill_currency`` (IDR), ``pay_type`` (1), ``terminal``
    (10), ``bill_date`` (now), ``bill_expired`` (from the client's ``bill_validity``),
    ``bill_reff`` (= ``bill_no``), ``request``; a value given here always wins."""

    bill_date: DateInput
    bill_expired: DateInput
    bill_gross: AmountInput
    bill_tax: AmountInput
    bill_miscfee: AmountInput
    bill_reff: str
    bill_currency: str
    cust_lastname: str
    pay_type: TextInput
    bank_userid: str
    terminal: TextInput
    billing_name: str
    billing_lastname: str
    billing_address: str
    billing_address_city: str
    billing_address_region: str
    billing_address_state: str
    billing_address_poscode: str
    billing_msisdn: str
    billing_address_country_code: str
    receiver_name_for_shipping: str
    shipping_lastname: str
    shipping_address: str
    shipping_address_city: str
    shipping_address_region: str
    shipping_address_state: str
    shipping_address_poscode: str
    shipping_msisdn: str
    shipping_address_country_code: str
    reserve1: str
    reserve2: str
    request: str
    merchant_id: TextInput
    merchant: str
    extra: Dict[str, str]

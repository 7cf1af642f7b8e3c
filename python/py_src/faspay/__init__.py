"""faspay: Faspay's Debit payment API (OVO, e-wallets, virtual accounts, retail, internet
banking) for Python, over one tested Rust core.

>>> import faspay
>>> client = faspay.Client("99999", "Sophia Store", "bot99999", "p@ssw0rd",
...                        base_url="http://127.0.0.1:8080")   # doctest: +SKIP
>>> created = client.create_transaction({...})                 # doctest: +SKIP

Logging goes to ``logging.getLogger("faspay")`` (one record per HTTP attempt, no secrets).
asyncio applications: ``faspay.AsyncClient`` (the same operations as coroutines).
Offline testing: ``faspay.testing.Sandbox``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ._native import (
    BILL_NO_LENGTH,
    GENERATED_BILL_NO_LENGTH,
    BillItem,
    Cancellation,
    ChannelList,
    Client,
    ClientSettings,
    CreatedTransaction,
    Notification,
    OvoPushResult,
    PaymentChannel,
    PaymentStatus,
    PreparedRequest,
    ReturnInfo,
    amount_to_wire,
    bill_no_prefix_risk,
    cancel_signature,
    channel_inquiry_signature,
    generate_bill_no,
    inquiry_signature,
    notification_signature,
    ovo_push_signature,
    post_data_signature,
    redirect_signature,
    response_code_description,
    return_url_signature,
    sign,
    sign_message,
    verify,
)
from ._native import __version__ as __version__
from .bill import AmountInput, Bill, DateInput, Item
from .codes import PaymentStatusCode
from .errors import (
    ApiError,
    ArgumentTypeError,
    FaspayError,
    MalformedResponseError,
    SignatureError,
    TimeoutError,
    TransportError,
    ValidationError,
)

if TYPE_CHECKING:
    from .async_client import AsyncClient

# A library writes nothing to stderr unless the application configures logging.
logging.getLogger("faspay").addHandler(logging.NullHandler())

__all__ = [
    "__version__",
    "BILL_NO_LENGTH",
    "GENERATED_BILL_NO_LENGTH",
    "AmountInput",
    "ApiError",
    "ArgumentTypeError",
    "AsyncClient",
    "Bill",
    "BillItem",
    "Cancellation",
    "ChannelList",
    "Client",
    "ClientSettings",
    "CreatedTransaction",
    "DateInput",
    "FaspayError",
    "Item",
    "MalformedResponseError",
    "Notification",
    "OvoPushResult",
    "PaymentChannel",
    "PaymentStatus",
    "PaymentStatusCode",
    "PreparedRequest",
    "ReturnInfo",
    "SignatureError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "amount_to_wire",
    "bill_no_prefix_risk",
    "cancel_signature",
    "channel_inquiry_signature",
    "generate_bill_no",
    "inquiry_signature",
    "notification_signature",
    "ovo_push_signature",
    "post_data_signature",
    "redirect_signature",
    "response_code_description",
    "return_url_signature",
    "sign",
    "sign_message",
    "verify",
]


if not TYPE_CHECKING:
    # Hidden from type checkers, which see AsyncClient's import above: a module __getattr__
    # would make every misspelt `faspay.X` type as Any instead of an error.
    def __getattr__(name: str) -> Any:
        # AsyncClient is loaded on first use: its module imports asyncio (and with it ssl and
        # socket), most of `import faspay`'s time, which synchronous applications never need.
        if name == "AsyncClient":
            from .async_client import AsyncClient

            globals()["AsyncClient"] = AsyncClient
            return AsyncClient
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

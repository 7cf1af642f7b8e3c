"""Faspay's ``payment_status_code`` as an ``IntEnum`` (docs/protocol.md).

The members mirror the core's list (a test compares them); what a status *means*
(``is_paid``, ``is_final``, its description) is asked of the Rust core, so the rule lives in
one place. A value Faspay may send that is not defined (6, say) becomes a pseudo-member
named ``OTHER_6`` instead of an error, like the core's ``Other(n)``.
"""

from __future__ import annotations

import enum
from typing import Any

from . import _native
from .errors import ArgumentTypeError

__all__ = ["PaymentStatusCode"]


class _StatusCodeType(enum.EnumMeta):
    """Refuses a ``bool``: ``True == 1``, so the enum's own lookup would make
    ``PaymentStatusCode(True)`` the member 1 (in process) instead of an error."""

    def __call__(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool):
            raise ArgumentTypeError("value must be an int, not bool", field="value")
        return super().__call__(value, *args, **kwargs)


class PaymentStatusCode(enum.IntEnum, metaclass=_StatusCodeType):
    """A payment's state. Compare with members or plain ints: ``status == 2``."""

    UNPROCESSED = 0
    IN_PROCESS = 1
    SUCCESS = 2
    FAILED = 3
    REVERSAL = 4
    NO_BILLS_FOUND = 5
    EXPIRED = 7
    CANCELLED = 8
    UNKNOWN = 9

    @classmethod
    def _missing_(cls, value: object) -> PaymentStatusCode | None:
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 255:
            return None
        member = int.__new__(cls, value)
        member._name_ = f"OTHER_{value}"
        member._value_ = value
        return member

    @property
    def is_paid(self) -> bool:
        """Whether the money arrived (status 2). A reversal (4) is final but not paid."""
        return _native.payment_status_is_paid(int(self))

    @property
    def is_final(self) -> bool:
        """Whether the status will not change any more (2, 3, 4, 5, 7, 8)."""
        return _native.payment_status_is_final(int(self))

    @property
    def description(self) -> str:
        """The English meaning from Faspay's docs (``"Payment Success"``, ...)."""
        return _native.payment_status_description(int(self))

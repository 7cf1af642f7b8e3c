"""The exceptions of the faspay SDK: one class per stable error code (docs/architecture.md).

The Rust core raises these very classes (``faspay._native`` imports them once), so
``except faspay.ValidationError`` and ``except ValueError`` both work. Tests assert
``error.code``, never the message.
"""

from __future__ import annotations

import builtins
from typing import Optional

__all__ = [
    "FaspayError",
    "ValidationError",
    "ArgumentTypeError",
    "SignatureError",
    "ApiError",
    "TransportError",
    "TimeoutError",
    "MalformedResponseError",
]


class FaspayError(Exception):
    """Base class of every SDK error. ``code`` is the stable error code string
    (``"INVALID_ARGUMENT"``, ``"API_ERROR"``, ...); the message never contains a secret."""

    default_code = "INTERNAL"

    code: str
    message: str
    field: Optional[str]
    response_code: Optional[str]
    response_desc: Optional[str]
    http_status: Optional[int]
    request_sent: bool

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        field: Optional[str] = None,
        response_code: Optional[str] = None,
        response_desc: Optional[str] = None,
        http_status: Optional[int] = None,
        request_sent: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else self.default_code
        self.field = field
        self.response_code = response_code
        self.response_desc = response_desc
        self.http_status = http_status
        self.request_sent = request_sent

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ValidationError(FaspayError, ValueError):
    """``INVALID_ARGUMENT``: bad input or configuration, caught before anything was sent.
    ``field`` names the offending input (``bill_total``, ``item[0].amount``) when known."""

    default_code = "INVALID_ARGUMENT"


class ArgumentTypeError(ValidationError, TypeError):
    """``INVALID_ARGUMENT`` for an argument of the wrong type (``None`` for a ``str``, a
    ``str`` for a number): a ``ValidationError`` like every bad input, so
    ``except faspay.ValidationError`` and ``error.code`` work as everywhere, and a builtin
    ``TypeError`` as Python code expects. ``field`` names the argument."""

    default_code = "INVALID_ARGUMENT"


class SignatureError(FaspayError):
    """``INVALID_SIGNATURE``: an inbound notification or return URL failed verification."""

    default_code = "INVALID_SIGNATURE"


class ApiError(FaspayError):
    """``API_ERROR``: Faspay answered ``response_code != "00"`` (or a ``response_error``
    envelope). ``response_code`` / ``response_desc`` carry Faspay's own values."""

    default_code = "API_ERROR"


class TransportError(FaspayError, OSError):
    """``TRANSPORT``: connection refused or reset, TLS failure, or an HTTP status that is not
    2xx. ``request_sent`` says whether Faspay may have received the request: when true for
    ``cancel_transaction`` or ``ovo_push``, reconcile with ``payment_status`` before trying
    again; for ``create_transaction`` (no ``trx_id`` to ask about), never send that ``bill_no``
    again: a new attempt is a new bill with a new ``bill_no``."""

    default_code = "TRANSPORT"


class TimeoutError(TransportError, builtins.TimeoutError):
    """``TIMEOUT``: a connect or read timeout (also catchable as the builtin ``TimeoutError``)."""

    default_code = "TIMEOUT"


class MalformedResponseError(FaspayError):
    """``MALFORMED_RESPONSE``: the body was not the promised XML or JSON (an HTML error page,
    a truncated or oversized body)."""

    default_code = "MALFORMED_RESPONSE"

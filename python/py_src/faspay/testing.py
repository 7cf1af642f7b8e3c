"""An offline Faspay for tests: the project's sandbox (the Rust ``faspay-sandbox`` crate)
running inside this process on a free loopback port.

>>> from faspay.testing import Sandbox
>>> with Sandbox(notify_url="http://127.0.0.1:8000/faspay/notify") as sandbox:  # doctest: +SKIP
...     client = sandbox.client()
...     created = client.create_transaction(bill)
...     sandbox.approve(created.trx_id)           # status 2 + a signed notification
...     assert sandbox.wait_for_deliveries(1)

With pytest, ``pytest_plugins = ["faspay.testing"]`` in a ``conftest.py`` provides the
``faspay_sandbox`` fixture (a fresh sandbox per test). From a shell, ``faspay-sandbox`` (or
``python -m faspay.testing``) runs one in the foreground, with the options of
``faspay sandbox``.

OVO outcome by phone number: ending in ``000`` the customer rejects (status 3), ending in
``999`` the customer never answers (pending until ``approve``/``expire``), anything else is
approved after ``push_delay``.

Like Faspay, the sandbox accepts what real clients send beyond the docs (extra fields, no
``bill_currency``, a UUID ``cust_no``, a reused ``bill_no``, ``"10000.00"``) and records a
``SandboxWarning`` for each; ``assert sandbox.warnings() == []`` checks that an integration
sends nothing the docs would refuse, and ``Sandbox(strict=True)`` refuses it with the docs'
code instead.
"""

from __future__ import annotations

import datetime
from types import TracebackType
from typing import Any, Iterator, List, Optional, Type, Union

from . import _native
from .errors import ArgumentTypeError, ValidationError
from ._native import (
    Client,
    NotificationDelivery,
    SandboxRequest,
    SandboxTransaction,
    SandboxWarning,
)

__all__ = [
    "Sandbox",
    "NotificationDelivery",
    "SandboxRequest",
    "SandboxTransaction",
    "SandboxWarning",
    "main",
]

Seconds = Union[float, int, datetime.timedelta]


def _seconds(value: Seconds, name: str = "seconds") -> float:
    """Seconds as a float: an ``ArgumentTypeError`` (a ``TypeError``) naming ``name`` when not
    a number or ``timedelta`` (a ``bool``
    included), a ``ValidationError`` on ``name`` when too large for a float (the sandbox then
    checks the range), never a bare ``OverflowError``."""
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        kind = type(value).__name__
        raise ArgumentTypeError(
            f"{name} must be seconds (int, float or timedelta), not {kind}", field=name
        )
    try:
        return float(value)
    except OverflowError:
        raise ValidationError(f"{name}: is out of range", field=name) from None


class Sandbox:
    """A running sandbox; a context manager that stops it on exit (``close()`` does too).

    The defaults are Faspay's public sample merchant (``99999`` / ``bot99999`` /
    ``p@ssw0rd``, not secrets). ``push_delay`` and ``notify_retry_delay`` default to 0.2 s
    rather than the standalone sandbox's 1 s, to keep test suites quick.

    ``strict=True`` refuses what Faspay's docs refuse (``84`` fields outside the docs, ``85``
    missing ``bill_currency`` / ``merchant``, ``30`` a ``cust_no`` over 32, ``14`` a reused
    ``bill_no``, ``13`` an amount with a decimal point) instead of accepting it with a warning;
    ``unique_bill_no=True`` refuses only a reused ``bill_no`` (``14``).
    """

    def __init__(
        self,
        *,
        merchant_id: str = "99999",
        merchant_name: str = "Sophia Store",
        user_id: str = "bot99999",
        password: str = "p@ssw0rd",
        notify_url: Optional[str] = None,
        notify_format: str = "json",
        push_delay: Seconds = 0.2,
        notify_retry_delay: Seconds = 0.2,
        notify_max_retries: int = 3,
        amount_unit: str = "sen",
        return_url: Optional[str] = None,
        port: int = 0,
        strict: bool = False,
        unique_bill_no: bool = False,
    ) -> None:
        self._server = _native.SandboxServer(
            merchant_id=merchant_id,
            merchant_name=merchant_name,
            user_id=user_id,
            password=password,
            port=port,
            notify_url=notify_url,
            notify_format=notify_format,
            push_delay=_seconds(push_delay, "push_delay"),
            notify_retry_delay=_seconds(notify_retry_delay, "notify_retry_delay"),
            notify_max_retries=notify_max_retries,
            amount_unit=amount_unit,
            return_url=return_url,
            strict=strict,
            unique_bill_no=unique_bill_no,
        )
        self._amount_unit = amount_unit

    # ---- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stops the server (idempotent)."""
        self._server.shutdown()

    def __repr__(self) -> str:
        return f"Sandbox(base_url={self._server.base_url!r})"

    # ---- where and who ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: pass it as ``base_url`` to a ``faspay.Client``."""
        return self._server.base_url

    @property
    def merchant_id(self) -> str:
        return self._server.merchant_id

    @property
    def merchant_name(self) -> str:
        return self._server.merchant_name

    @property
    def user_id(self) -> str:
        return self._server.user_id

    @property
    def password(self) -> str:
        """The sandbox password (a public sample value by default)."""
        return self._server.password

    def banner(self) -> str:
        """What ``faspay-sandbox`` prints on start: URL, merchant, credentials (the password
        only when it is the public sample one), notify URL and the OVO number rules."""
        return self._server.banner()

    def client(self, **overrides: Any) -> Client:
        """A ``faspay.Client`` for this sandbox; keyword arguments override its settings
        (``format="xml"``, ``timeout=0.5``, ``password="wrong"``, ...)."""
        settings: dict[str, Any] = {
            "merchant_id": self.merchant_id,
            "merchant_name": self.merchant_name,
            "user_id": self.user_id,
            "password": self.password,
            "base_url": self.base_url,
            "amount_unit": self._amount_unit,
        }
        settings.update(overrides)
        return Client(**settings)

    # ---- notifications ---------------------------------------------------------------------

    @property
    def notify_url(self) -> Optional[str]:
        """Where payment notifications are POSTed (``None``: none are sent)."""
        return self._server.notify_url

    @notify_url.setter
    def notify_url(self, url: Optional[str]) -> None:
        self._server.notify_url = url

    @property
    def notify_format(self) -> str:
        """``"json"`` or ``"xml"``."""
        return self._server.notify_format

    @notify_format.setter
    def notify_format(self, format: str) -> None:
        self._server.notify_format = format

    def deliveries(self) -> List[NotificationDelivery]:
        """Every notification attempt so far (retries included), oldest first."""
        return self._server.deliveries()

    def wait_for_deliveries(self, count: int, timeout: Seconds = 10.0) -> bool:
        """Waits until ``count`` attempts were recorded; ``False`` on timeout."""
        return self._server.wait_for_deliveries(count, _seconds(timeout, "timeout"))

    # ---- what the sandbox received -----------------------------------------------------------

    def requests(self) -> List[SandboxRequest]:
        """The requests the sandbox received (all but its admin API's), oldest first, byte for
        byte: ``method``, ``path``, ``query``, ``body`` (bytes), ``response_status`` (``None``
        when the connection was reset), ``response_body`` (bytes) and ``seq`` (1 for the
        first request). For re-checking what a client sent with code of your own. Bounded:
        the last 1000 requests within 16 MiB of bodies."""
        return self._server.requests()

    def clear_requests(self) -> None:
        """Empties the log of received requests (``seq`` keeps counting)."""
        self._server.clear_requests()

    # ---- the customer and the clock --------------------------------------------------------

    @property
    def push_delay(self) -> float:
        """How long a simulated OVO customer takes to decide, in seconds."""
        return self._server.push_delay

    @push_delay.setter
    def push_delay(self, delay: Seconds) -> None:
        self._server.push_delay = _seconds(delay, "push_delay")

    def approve(self, trx_id: str) -> None:
        """The customer pays: status 2 (paid) and a notification."""
        self._server.approve(trx_id)

    def reject(self, trx_id: str) -> None:
        """The payment fails: status 3 (failed) and a notification."""
        self._server.reject(trx_id)

    fail = reject

    def expire(self, trx_id: str) -> None:
        """The bill expires: status 7 (expired) and a notification."""
        self._server.expire(trx_id)

    def reverse(self, trx_id: str) -> None:
        """A paid bill's payment is taken back: status 4 (reversal) and a notification; a
        cancel of it then answers ``80``."""
        self._server.reverse(trx_id)

    def advance_clock(self, by: Seconds) -> None:
        """Moves the sandbox's clock forward; bills past ``bill_expired`` expire."""
        self._server.advance_clock(_seconds(by, "by"))

    def now(self) -> str:
        """The sandbox's time, WIB, as ``YYYY-MM-DD HH:MM:SS``."""
        return self._server.now()

    def transaction(self, trx_id: str) -> Optional[SandboxTransaction]:
        return self._server.transaction(trx_id)

    def transactions(self) -> List[SandboxTransaction]:
        return self._server.transactions()

    # ---- fidelity --------------------------------------------------------------------------

    @property
    def strict(self) -> bool:
        """Whether what Faspay's docs refuse is refused (``True``) or accepted with a warning."""
        return self._server.strict

    @strict.setter
    def strict(self, strict: bool) -> None:
        self._server.strict = strict

    @property
    def unique_bill_no(self) -> bool:
        """Whether a reused ``bill_no`` is refused with ``14``."""
        return self._server.unique_bill_no

    @unique_bill_no.setter
    def unique_bill_no(self, unique: bool) -> None:
        self._server.unique_bill_no = unique

    def warnings(self) -> List[SandboxWarning]:
        """Everything accepted that Faspay's docs would refuse, oldest first (a repeat of the
        same operation, transaction, kind and field is listed once). Each transaction also
        has its own ``warnings`` and ``extra_fields``."""
        return self._server.warnings()

    def clear_warnings(self) -> None:
        """Forgets the listed warnings (transactions keep theirs)."""
        self._server.clear_warnings()

    # ---- faults ----------------------------------------------------------------------------

    def set_fault(
        self,
        kind: str,
        *,
        endpoint: Optional[str] = None,
        times: Optional[int] = None,
        seconds: Optional[Seconds] = None,
        status: Optional[int] = None,
        code: Optional[str] = None,
        desc: Optional[str] = None,
    ) -> None:
        """Makes the sandbox misbehave: ``kind`` is ``latency`` (``seconds``),
        ``server_error`` (``status``, default 500), ``html_page``, ``reset``, ``truncated``,
        ``oversized_body`` or ``response_error`` (``code``, ``desc``). ``endpoint`` is an
        operation name (``"payment_status"``...; default all); ``times`` the number of
        requests it applies to (default until ``clear_faults()``)."""
        self._server.set_fault(
            kind,
            endpoint=endpoint,
            times=times,
            seconds=None if seconds is None else _seconds(seconds, "seconds"),
            status=status,
            code=code,
            desc=desc,
        )

    def clear_faults(self) -> None:
        self._server.clear_faults()


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is only needed for the fixture
    pass
else:

    @pytest.fixture
    def faspay_sandbox() -> Iterator[Sandbox]:
        """A fresh in-process sandbox for one test (``pytest_plugins = ["faspay.testing"]``)."""
        with Sandbox() as sandbox:
            yield sandbox

    __all__.append("faspay_sandbox")


def main(argv: Optional[List[str]] = None) -> int:
    """The ``faspay-sandbox`` command (``python -m faspay.testing``); see ``--help``."""
    from ._sandbox_main import main as run

    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())

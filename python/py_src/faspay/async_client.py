"""``faspay.AsyncClient``: the operations of ``faspay.Client`` as coroutines for asyncio
applications (FastAPI, Starlette, Django async views, aiohttp).

The Rust core's calls block (HTTP with retries, up to ``push_timeout`` for an OVO push) but
release the GIL, so each call runs on one of the client's own worker threads while the event
loop keeps serving other requests. At most ``max_concurrency`` calls run at once; more wait
their turn without blocking the loop. Pure functions (signatures, ``parse_notification``,
``notification_reply``, ``verify_return``, ``redirect_url``, ``ovo_push_form``,
``prepare_*``, ``decode_response``) need no I/O and stay synchronous.

>>> client = faspay.AsyncClient("99999", "Sophia Store", "bot99999", "p@ssw0rd",
...                             base_url="http://127.0.0.1:8080")       # doctest: +SKIP
>>> created = await client.create_transaction(bill)                      # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Callable, Mapping, Optional, Type, TypeVar, Union

from ._native import (
    Cancellation,
    ChannelList,
    Client,
    ClientSettings,
    CreatedTransaction,
    Notification,
    OvoPushResult,
    PaymentStatus,
    PreparedRequest,
    ReturnInfo,
)
from .bill import Bill
from .errors import ArgumentTypeError, ValidationError

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ._native import _Body, _ClientOptions, _Result as _Decoded

__all__ = ["AsyncClient", "DEFAULT_MAX_CONCURRENCY"]

DEFAULT_MAX_CONCURRENCY = 10
"""Calls of one ``AsyncClient`` running at the same time, by default."""

_Result = TypeVar("_Result")


def _checked_limit(max_concurrency: int) -> int:
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
        raise ArgumentTypeError("max_concurrency must be an int", field="max_concurrency")
    if not 1 <= max_concurrency <= 1024:
        raise ValidationError(
            "max_concurrency must be between 1 and 1024", field="max_concurrency"
        )
    return max_concurrency


class AsyncClient:
    """A ``faspay.Client`` whose network operations are coroutines.

    Takes the settings of ``Client`` plus ``max_concurrency`` (default 10, 1 to 1024): how
    many calls may run at once; further calls wait in order. ``AsyncClient.wrap(client)``
    shares an existing ``Client`` (and its connection pool). Close it with ``await
    client.aclose()`` (or ``async with``), which waits for running calls, or ``close()``.

    A cancelled ``await`` (a timeout, a client that went away) stops waiting, but a call that
    already started still runs to its end on its thread: like any request that may have
    reached Faspay, ask ``payment_status`` before repeating it.
    """

    def __init__(
        self,
        merchant_id: str,
        merchant_name: str,
        user_id: str,
        password: str,
        *,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        **settings: Unpack[_ClientOptions],
    ) -> None:
        limit = _checked_limit(max_concurrency)
        # Every other keyword goes to Client unchanged: its defaults, its checks and its errors
        # (a misspelt key is the same ArgumentTypeError naming it), with no second list here.
        client = Client(merchant_id, merchant_name, user_id, password, **settings)
        self._setup(client, limit)

    @classmethod
    def wrap(cls, client: Client, *, max_concurrency: int = DEFAULT_MAX_CONCURRENCY) -> AsyncClient:
        """An ``AsyncClient`` over an existing ``Client`` (same settings, same connections)."""
        if not isinstance(client, Client):
            raise ArgumentTypeError("client must be a faspay.Client", field="client")
        limit = _checked_limit(max_concurrency)
        self = cls.__new__(cls)
        self._setup(client, limit)
        return self

    def _setup(self, client: Client, limit: int) -> None:
        self._client = client
        self._max_concurrency = limit
        # The client's own threads, not the loop's default executor: a slow Faspay cannot
        # starve the application's other run_in_executor work, and the pool size is the bound.
        # Threads start on demand.
        self._executor = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="faspay")
        self._closed = False

    # ---- settings --------------------------------------------------------------------------

    @property
    def client(self) -> Client:
        """The synchronous ``Client`` underneath (for code that is not async)."""
        return self._client

    @property
    def max_concurrency(self) -> int:
        return self._max_concurrency

    @property
    def merchant_id(self) -> str:
        return self._client.merchant_id

    @property
    def merchant_name(self) -> str:
        return self._client.merchant_name

    @property
    def user_id(self) -> str:
        return self._client.user_id

    @property
    def base_url(self) -> str:
        return self._client.base_url

    @property
    def environment(self) -> str:
        return self._client.environment

    @property
    def format(self) -> str:
        return self._client.format

    @property
    def settings(self) -> ClientSettings:
        """Every setting the client uses (``Client.settings``), never the password."""
        return self._client.settings

    def __repr__(self) -> str:
        return (
            f"AsyncClient(merchant_id={self.merchant_id!r}, base_url={self.base_url!r}, "
            f"max_concurrency={self._max_concurrency})"
        )

    # ---- running blocking calls off the loop -----------------------------------------------

    async def _run(self, call: Callable[..., _Result], *args: object) -> _Result:
        if self._closed:
            raise RuntimeError("this AsyncClient is closed")
        loop = asyncio.get_running_loop()
        # The caller's context variables (request ids read by logging filters) go along.
        context = contextvars.copy_context()
        job = functools.partial(context.run, call, *args)
        return await loop.run_in_executor(self._executor, job)

    # ---- operations (network) --------------------------------------------------------------

    async def payment_channels(self) -> ChannelList:
        return await self._run(self._client.payment_channels)

    async def create_transaction(self, bill: Bill) -> CreatedTransaction:
        return await self._run(self._client.create_transaction, bill)

    async def ovo_push(self, trx_id: str, ovo_number: str) -> OvoPushResult:
        return await self._run(self._client.ovo_push, trx_id, ovo_number)

    async def payment_status(self, trx_id: str, bill_no: str) -> PaymentStatus:
        return await self._run(self._client.payment_status, trx_id, bill_no)

    async def cancel_transaction(self, trx_id: str, bill_no: str, reason: str) -> Cancellation:
        return await self._run(self._client.cancel_transaction, trx_id, bill_no, reason)

    # ---- pure functions (no I/O): synchronous, like Client's --------------------------------

    def ovo_push_form(self, trx_id: str, ovo_number: str) -> str:
        return self._client.ovo_push_form(trx_id, ovo_number)

    def redirect_url(self, trx_id: str, bill_no: str) -> str:
        return self._client.redirect_url(trx_id, bill_no)

    def parse_notification(self, body: _Body) -> Notification:
        return self._client.parse_notification(body)

    def notification_reply(
        self, notification: Notification, accepted: bool = True, *, at: Optional[str] = None
    ) -> bytes:
        return self._client.notification_reply(notification, accepted, at=at)

    def verify_return(self, query: Union[str, Mapping[str, str]]) -> ReturnInfo:
        return self._client.verify_return(query)

    def prepare_payment_channels(self) -> PreparedRequest:
        return self._client.prepare_payment_channels()

    def prepare_create_transaction(self, bill: Bill) -> PreparedRequest:
        return self._client.prepare_create_transaction(bill)

    def prepare_payment_status(self, trx_id: str, bill_no: str) -> PreparedRequest:
        return self._client.prepare_payment_status(trx_id, bill_no)

    def prepare_cancel_transaction(
        self, trx_id: str, bill_no: str, reason: str
    ) -> PreparedRequest:
        return self._client.prepare_cancel_transaction(trx_id, bill_no, reason)

    def prepare_ovo_push(self, trx_id: str, ovo_number: str) -> PreparedRequest:
        return self._client.prepare_ovo_push(trx_id, ovo_number)

    def decode_response(self, operation: str, http_status: int, body: _Body) -> _Decoded:
        return self._client.decode_response(operation, http_status, body)

    # ---- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Refuses new calls and stops the worker threads once running calls end (does not
        wait for them). Idempotent."""
        self._closed = True
        self._executor.shutdown(wait=False)

    async def aclose(self) -> None:
        """Refuses new calls and waits, without blocking the loop, for running ones to end."""
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, functools.partial(self._executor.shutdown, wait=True))

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

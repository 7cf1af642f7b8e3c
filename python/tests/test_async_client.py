"""faspay.AsyncClient: the loop keeps running while a call waits on a slow Faspay, calls really
overlap on the wire (counted in flight at a holding proxy, not timed), the concurrency bound
holds, errors keep their codes, and the API mirrors Client's."""

from __future__ import annotations

import ast
import asyncio
import contextvars
import inspect
import logging
import pathlib
import threading
from typing import Any, Awaitable, Dict, Iterator, List, Optional, cast

import pytest

import faspay
from conftest import sample_bill
from loopback_http import Answer, LoopbackServer, forward
from faspay.testing import Sandbox

STUB = pathlib.Path(faspay.__file__).with_name("_native.pyi")
NETWORK_OPERATIONS = {
    "payment_channels",
    "create_transaction",
    "ovo_push",
    "payment_status",
    "cancel_transaction",
}


def created_on(sandbox: Sandbox) -> faspay.CreatedTransaction:
    return sandbox.client().create_transaction(cast(faspay.Bill, sample_bill()))


class HoldingProxy:
    """A loopback proxy in front of the sandbox that holds every request until ``hold_until``
    of them are in flight at the same time (then lets everything through), and records the
    most it saw in flight. Calls that do not overlap never open it: they wait out ``deadline``
    and get a 504 instead of Faspay's answer."""

    def __init__(self, target: str, hold_until: int, deadline: float = 60.0) -> None:
        self.target = target
        self.hold_until = hold_until
        self.deadline = deadline
        self.max_in_flight = 0
        self.in_flight = 0
        self.timed_out = 0
        self.opened = False
        self.condition = threading.Condition()
        self.server = LoopbackServer(self.hold_then_forward)
        self.base_url = self.server.base_url

    def hold_then_forward(
        self, method: str, path: str, content_type: Optional[str], body: bytes
    ) -> Answer:
        with self.condition:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            if self.in_flight >= self.hold_until:
                self.opened = True
                self.condition.notify_all()
            opened = self.condition.wait_for(lambda: self.opened, timeout=self.deadline)
            if not opened:
                self.timed_out += 1
        try:
            if not opened:
                return 504, "text/plain", b"the calls did not overlap"
            return forward(self.target, method, path, content_type, body)
        finally:
            with self.condition:
                self.in_flight -= 1

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def proxies() -> Iterator[List[HoldingProxy]]:
    started: List[HoldingProxy] = []
    yield started
    for proxy in started:
        proxy.close()


def test_the_event_loop_keeps_running_during_a_slow_call(faspay_sandbox: Sandbox) -> None:
    """The server holds the request until a coroutine on the caller's loop has run after the
    request arrived: only a loop that keeps running while the call waits can release it.
    A frozen loop deadlocks until ``deadline``, and the call gets a 504 instead."""
    created = created_on(faspay_sandbox)
    arrived = threading.Event()
    loop_ran = threading.Event()
    deadline = [60.0]

    def gate(method: str, path: str, content_type: Optional[str], body: bytes) -> Answer:
        arrived.set()
        if not loop_ran.wait(timeout=deadline[0]):
            return 504, "text/plain", b"the event loop did not run during the call"
        return forward(faspay_sandbox.base_url, method, path, content_type, body)

    async def released_by_the_loop(call: Awaitable[faspay.PaymentStatus]) -> faspay.PaymentStatus:
        arrived.clear()
        loop_ran.clear()
        task = asyncio.ensure_future(call)
        # Resumes on the loop once the request reached the server (the wait itself runs on
        # the loop's default executor, not the client's threads).
        await asyncio.get_running_loop().run_in_executor(None, arrived.wait, 60)
        loop_ran.set()
        return await task

    with LoopbackServer(gate) as server:
        client = faspay.AsyncClient.wrap(
            faspay_sandbox.client(base_url=server.base_url, max_retries=0)
        )

        async def blocking_call() -> faspay.PaymentStatus:
            return client.client.payment_status(created.trx_id, created.bill_no)

        async def main() -> faspay.PaymentStatus:
            # Control: the synchronous call inside a coroutine freezes the loop, so the server
            # is never released (a short deadline: nothing can release it).
            deadline[0] = 1.0
            with pytest.raises(faspay.TransportError) as frozen:
                await released_by_the_loop(blocking_call())
            assert (frozen.value.code, frozen.value.http_status) == ("TRANSPORT", 504)
            deadline[0] = 60.0
            status = await released_by_the_loop(
                client.payment_status(created.trx_id, created.bill_no)
            )
            await client.aclose()
            return status

        status = asyncio.run(main())
    assert status.trx_id == created.trx_id and status.response_code == "00"


def test_fifty_concurrent_calls_are_in_flight_at_once(
    faspay_sandbox: Sandbox, proxies: List[HoldingProxy]
) -> None:
    created = created_on(faspay_sandbox)
    proxy = HoldingProxy(faspay_sandbox.base_url, hold_until=50)
    proxies.append(proxy)

    async def main() -> List[faspay.PaymentStatus]:
        async with faspay.AsyncClient(
            faspay_sandbox.merchant_id,
            faspay_sandbox.merchant_name,
            faspay_sandbox.user_id,
            faspay_sandbox.password,
            base_url=proxy.base_url,
            max_retries=0,
            max_concurrency=50,
        ) as client:
            calls = [client.payment_status(created.trx_id, created.bill_no) for _ in range(50)]
            return await asyncio.gather(*calls)

    statuses = asyncio.run(main())
    assert proxy.max_in_flight == 50
    assert proxy.timed_out == 0
    assert len(statuses) == 50
    assert {s.trx_id for s in statuses} == {created.trx_id}
    assert all(s.response_code == "00" for s in statuses)
    inquiries = [r for r in faspay_sandbox.requests() if r.response_status == 200]
    assert len(inquiries) == 51  # the create, then the 50 inquiries, each answered


def test_no_more_than_max_concurrency_calls_run_at_once(
    faspay_sandbox: Sandbox, proxies: List[HoldingProxy]
) -> None:
    created = created_on(faspay_sandbox)
    proxy = HoldingProxy(faspay_sandbox.base_url, hold_until=4)
    proxies.append(proxy)

    async def main() -> List[faspay.PaymentStatus]:
        client = faspay.AsyncClient.wrap(
            faspay_sandbox.client(base_url=proxy.base_url, max_retries=0), max_concurrency=4
        )
        try:
            calls = [client.payment_status(created.trx_id, created.bill_no) for _ in range(12)]
            return await asyncio.gather(*calls)
        finally:
            await client.aclose()

    statuses = asyncio.run(main())
    assert proxy.max_in_flight == 4  # reached (the proxy waited for 4), never exceeded
    assert len(statuses) == 12 and proxy.timed_out == 0


def test_every_operation_works_and_errors_keep_their_codes(faspay_sandbox: Sandbox) -> None:
    faspay_sandbox.push_delay = 0

    async def main() -> None:
        async with faspay.AsyncClient.wrap(faspay_sandbox.client()) as client:
            channels = await client.payment_channels()
            assert any(c.pg_code == "812" for c in channels)
            created = await client.create_transaction(cast(faspay.Bill, sample_bill()))
            pushed = await client.ovo_push(created.trx_id, "081234567890")
            assert pushed.response_code == "00"
            status = await client.payment_status(created.trx_id, created.bill_no)
            assert status.payment_status_code.is_paid
            other = await client.create_transaction(cast(faspay.Bill, sample_bill()))
            cancelled = await client.cancel_transaction(other.trx_id, other.bill_no, "sold out")
            assert cancelled.response_code == "00"

            with pytest.raises(faspay.ValidationError) as invalid:
                await client.payment_status("not digits", "B1")
            assert (invalid.value.code, invalid.value.field) == ("INVALID_ARGUMENT", "trx_id")
            faspay_sandbox.set_fault("response_error", code="14", desc="Invalid Order")
            with pytest.raises(faspay.ApiError) as refused:
                await client.payment_status(created.trx_id, created.bill_no)
            assert (refused.value.code, refused.value.response_code) == ("API_ERROR", "14")
            faspay_sandbox.clear_faults()

        with pytest.raises(RuntimeError, match="closed"):
            await client.payment_status(created.trx_id, created.bill_no)

    asyncio.run(main())


def test_the_callers_context_variables_reach_the_log_records(faspay_sandbox: Sandbox) -> None:
    request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
    seen: List[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(request_id.get())

    logger = logging.getLogger("faspay.test_async_client")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    handler = Capture()
    logger.addHandler(handler)
    try:

        async def main() -> None:
            async with faspay.AsyncClient.wrap(faspay_sandbox.client(logger=logger)) as client:
                request_id.set("req-42")
                await client.payment_channels()

        asyncio.run(main())
    finally:
        logger.removeHandler(handler)
    assert seen == ["req-42"]


@pytest.mark.parametrize("limit", [0, -1, 1025])
def test_an_out_of_range_limit_is_refused(limit: int) -> None:
    with pytest.raises(faspay.ValidationError) as refused:
        faspay.AsyncClient("99999", "Sophia Store", "bot99999", "pw", max_concurrency=limit)
    assert (refused.value.code, refused.value.field) == ("INVALID_ARGUMENT", "max_concurrency")


@pytest.mark.parametrize("limit", ["4", 4.0, True])
def test_a_limit_of_the_wrong_type_is_a_type_error(limit: Any) -> None:
    with pytest.raises(faspay.ArgumentTypeError) as wrong:
        faspay.AsyncClient("99999", "Sophia Store", "bot99999", "pw", max_concurrency=limit)
    assert isinstance(wrong.value, TypeError)
    assert (wrong.value.code, wrong.value.field) == ("INVALID_ARGUMENT", "max_concurrency")
    with pytest.raises(faspay.ArgumentTypeError) as not_a_client:
        faspay.AsyncClient.wrap(cast(Any, "not a client"))
    assert (not_a_client.value.code, not_a_client.value.field) == ("INVALID_ARGUMENT", "client")


def test_a_misspelt_setting_is_the_same_error_as_clients() -> None:
    with pytest.raises(faspay.ArgumentTypeError) as from_async:
        # Also a type error for mypy (--strict warns about an unused ignore): the keywords are
        # typed as Client's.
        faspay.AsyncClient("99999", "Sophia Store", "bot99999", "pw", tiemout=5)  # type: ignore[call-arg]
    with pytest.raises(faspay.ArgumentTypeError) as from_client:
        cast(Any, faspay.Client)("99999", "Sophia Store", "bot99999", "pw", tiemout=5)
    assert (from_async.value.code, from_async.value.field) == ("INVALID_ARGUMENT", "tiemout")
    assert type(from_async.value) is type(from_client.value)
    assert from_async.value.message == from_client.value.message
    assert "tiemout" in from_async.value.message


def test_settings_are_the_clients_and_secrets_stay_out_of_repr() -> None:
    client = faspay.AsyncClient(
        "99999", "Sophia Store", "bot99999", "s3cret-pass", base_url="http://127.0.0.1:9",
        format="xml", max_concurrency=3,
    )
    try:
        assert (client.merchant_id, client.merchant_name, client.user_id) == (
            "99999", "Sophia Store", "bot99999",
        )
        assert (client.format, client.max_concurrency) == ("xml", 3)
        assert client.base_url == client.client.base_url
        assert client.environment == "sandbox"
        assert "s3cret" not in repr(client)
        # Invalid settings fail like Client's.
        with pytest.raises(faspay.ValidationError) as refused:
            faspay.AsyncClient("99999", "Sophia Store", "bot99999", "pw", format="yaml")
        assert refused.value.field == "format"
    finally:
        client.close()


def stub_client_options() -> Dict[str, str]:
    """The stub's ``_ClientOptions`` TypedDict (what ``AsyncClient(**settings)`` is typed
    with): each key and its annotation."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    [options] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "_ClientOptions"]
    return {
        n.target.id: ast.unparse(n.annotation)
        for n in options.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }


def stub_client_annotations() -> Dict[str, str]:
    """Client.__new__'s keyword-only settings and their annotations, read from the stub."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    [client] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client"]
    [new] = [n for n in client.body if isinstance(n, ast.FunctionDef) and n.name == "__new__"]
    return {a.arg: ast.unparse(a.annotation) for a in new.args.kwonlyargs if a.annotation}


# A value other than the default for every keyword setting of Client.
CHANGED_SETTINGS: Dict[str, Any] = {
    "environment": "production",
    "base_url": "https://127.0.0.1:9",
    "format": "xml",
    "timeout": 7.0,
    "connect_timeout": 3.0,
    "push_timeout": 33.0,
    "max_retries": 5,
    "retry_backoff": 0.5,
    "amount_unit": "rupiah",
    "bill_validity": 3600.0,
    "inquiry_sends_status_fields": False,
    "max_response_bytes": 4096,
    "logger": logging.getLogger("shop.payments"),
    "allow_insecure_http": True,
    "max_inbound_bytes": 2048,
    "max_idle_connections": 3,
    "dns_cache_ttl": 5.0,
    "xml_codes": {"payment_status": "X1"},
    "redirect_code": "R9",
}


def test_the_settings_and_methods_mirror_client() -> None:
    parameters = inspect.signature(faspay.AsyncClient.__init__).parameters
    assert [(name, p.kind) for name, p in parameters.items()] == [
        ("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("merchant_id", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("merchant_name", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("user_id", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("password", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("max_concurrency", inspect.Parameter.KEYWORD_ONLY),
        ("settings", inspect.Parameter.VAR_KEYWORD),
    ]
    assert parameters["max_concurrency"].default == 10
    # Typed like Client's keywords: the TypedDict and Client.__new__ (stub) list the same ones.
    assert stub_client_options() == stub_client_annotations()
    # ... which are the native class's own: every setting it reports (all but the three
    # positional credentials), plus the logger, which it never reports.
    native = set(faspay.Client("99999", "Sophia Store", "bot99999", "pw").settings.to_dict())
    assert set(stub_client_options()) == native - {"merchant_id", "merchant_name", "user_id"} | {
        "logger"
    }
    assert set(CHANGED_SETTINGS) == set(stub_client_options())

    public = {name for name in dir(faspay.Client) if not name.startswith("_")}
    for name in public:
        assert hasattr(faspay.AsyncClient, name), name
        is_coroutine = inspect.iscoroutinefunction(getattr(faspay.AsyncClient, name))
        assert is_coroutine == (name in NETWORK_OPERATIONS), name
    assert NETWORK_OPERATIONS <= public


def test_every_setting_reaches_the_client_underneath() -> None:
    credentials = ("99999", "Sophia Store", "bot99999", "pw")
    changed = cast(Any, CHANGED_SETTINGS)
    reference = faspay.Client(*credentials, **changed).settings.to_dict()
    client = faspay.AsyncClient(*credentials, max_concurrency=2, **changed)
    try:
        assert client.settings.to_dict() == reference
        defaults = faspay.Client(*credentials).settings.to_dict()
        # Each changed setting differs from its default in what settings reports (all but the
        # logger, which it never shows): none was dropped on the way.
        reported = set(CHANGED_SETTINGS) - {"logger"}
        assert reported <= set(reference)
        assert [name for name in reported if reference[name] == defaults[name]] == []
    finally:
        client.close()


def test_a_cancelled_await_stops_waiting_a_started_call_finishes_a_queued_one_never_starts(
    faspay_sandbox: Sandbox,
) -> None:
    created = created_on(faspay_sandbox)
    arrived = threading.Event()
    release = threading.Event()
    paths: List[str] = []

    def gate(method: str, path: str, content_type: Optional[str], body: bytes) -> Answer:
        paths.append(path)
        arrived.set()
        release.wait(timeout=60)
        return forward(faspay_sandbox.base_url, method, path, content_type, body)

    async def main() -> None:
        client = faspay.AsyncClient.wrap(
            faspay_sandbox.client(base_url=server.base_url, max_retries=0), max_concurrency=1
        )
        started = asyncio.ensure_future(client.payment_status(created.trx_id, created.bill_no))
        queued = asyncio.ensure_future(client.payment_channels())  # behind it: one worker
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, arrived.wait, 30)
        for task in (started, queued):
            task.cancel()
        for task in (started, queued):
            with pytest.raises(asyncio.CancelledError):
                await task
        release.set()
        await client.aclose()  # waits for the started call, which still runs to its end

    with LoopbackServer(gate) as server:
        faspay_sandbox.clear_requests()
        asyncio.run(main())
    assert len(paths) == 1  # the queued call never left
    [inquiry] = faspay_sandbox.requests()
    assert inquiry.path == paths[0] and inquiry.response_status == 200

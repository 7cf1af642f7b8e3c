"""``faspay-sandbox`` (also ``python -m faspay.testing``): the offline Faspay sandbox from the
command line, for pip users without a Rust toolchain. Same options as ``faspay sandbox``; runs
in the foreground, prints its URL and credentials, then the activity, until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence

from .errors import FaspayError

if TYPE_CHECKING:
    from .testing import Sandbox

#: How often the activity log looks at the sandbox's state, in seconds.
FOLLOW_INTERVAL = 0.25

#: Exit statuses of the ``faspay`` command, for the codes starting a sandbox can produce.
EXIT_STATUS = {"INVALID_ARGUMENT": 2, "TRANSPORT": 5, "INTERNAL": 8}

EPILOG = (
    "The defaults are Faspay's public sample merchant (99999 / bot99999 / p@ssw0rd), which is "
    "not a secret. OVO push-to-pay outcome by phone number: ending in 000 = the customer "
    "rejects (status 3), ending in 999 = the customer never answers (pending until expired), "
    "anything else = approved after --push-delay-ms. Stop with Ctrl-C."
)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="faspay-sandbox",
        description="Run the offline Faspay sandbox in the foreground until Ctrl-C.",
        epilog=EPILOG,
    )
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1; 0 picks a free one")
    p.add_argument(
        "--notify-url",
        metavar="URL",
        help="where payment notifications are POSTed (your app's notification URL)",
    )
    p.add_argument(
        "--format",
        choices=["json", "xml"],
        default="json",
        help="format of the notifications (default: json)",
    )
    p.add_argument(
        "--push-delay-ms",
        type=int,
        default=1000,
        metavar="MS",
        help="how long the simulated OVO customer takes to decide (default: 1000)",
    )
    p.add_argument("--merchant-id", default="99999", help="the simulated merchant's code")
    p.add_argument("--merchant-name", default="Sophia Store", help="the simulated merchant's name")
    p.add_argument("--user-id", default="bot99999", help="the API user clients must sign with")
    p.add_argument(
        "--password",
        default="p@ssw0rd",
        help="the API password clients must sign with (only the public sample one is printed)",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="refuse (84, 85, 30, 14, 13) what the sandbox otherwise accepts with a warning: "
        "fields outside Faspay's docs, missing bill_currency or merchant, cust_no over 32, "
        "a reused bill_no, amounts with a decimal point",
    )
    p.add_argument(
        "--unique-bill-no",
        action="store_true",
        help="refuse a bill_no an earlier transaction used (14), even without --strict",
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON document instead of text"
    )
    return p


def main(argv: Optional[Sequence[str]] = None, stop: Optional[threading.Event] = None) -> int:
    """Runs the sandbox until Ctrl-C (or until ``stop`` is set); returns the exit status."""
    from .testing import Sandbox

    args = parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        return _fail("INVALID_ARGUMENT", f"--port must be 0 to 65535, not {args.port}")
    if args.push_delay_ms < 0:
        return _fail("INVALID_ARGUMENT", f"--push-delay-ms must not be negative, not {args.push_delay_ms}")
    try:
        sandbox = Sandbox(
            merchant_id=args.merchant_id,
            merchant_name=args.merchant_name,
            user_id=args.user_id,
            password=args.password,
            notify_url=args.notify_url,
            notify_format=args.format,
            push_delay=args.push_delay_ms / 1000,
            notify_retry_delay=1.0,
            port=args.port,
            strict=args.strict,
            unique_bill_no=args.unique_bill_no,
        )
    except FaspayError as error:
        return _fail(error.code, error.message)
    if stop is None:
        stop = threading.Event()
        _stop_on_signals(stop)
    with sandbox:
        public = args.password == "p@ssw0rd"
        if args.json:
            _print(
                json.dumps(
                    {
                        "base_url": sandbox.base_url,
                        "merchant_id": sandbox.merchant_id,
                        "merchant_name": sandbox.merchant_name,
                        "user_id": sandbox.user_id,
                        "password": args.password if public else None,
                        "notify_url": args.notify_url,
                        "notify_format": args.format,
                        "push_delay_ms": args.push_delay_ms,
                        "strict": args.strict,
                        "unique_bill_no": args.unique_bill_no,
                    },
                    indent=2,
                )
            )
        else:
            password = f"'{args.password}'" if public else "<the password you gave>"
            _print(
                sandbox.banner()
                + "\nPoint your app at it (Ctrl-C to stop):\n"
                + f"  export FASPAY_BASE_URL={sandbox.base_url} "
                + f"FASPAY_MERCHANT_ID={sandbox.merchant_id} "
                + f"FASPAY_MERCHANT_NAME='{sandbox.merchant_name}' "
                + f"FASPAY_USER_ID={sandbox.user_id} FASPAY_PASSWORD={password}\n\nActivity:"
            )
        try:
            _follow(sandbox, stop, quiet=args.json)
        except KeyboardInterrupt:
            pass  # Ctrl-C is how the run ends (documented): a clean exit, status 0
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    """Ctrl-C and SIGTERM end the run cleanly. Installed explicitly because a shell starts a
    background job (``faspay-sandbox &``, CI runners, nohup) with SIGINT ignored, and Python
    then never raises KeyboardInterrupt: the sandbox would outlive its test run."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread; the caller stops us
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda _signum, _frame: stop.set())


def _follow(sandbox: Sandbox, stop: threading.Event, quiet: bool) -> None:
    """Prints new transactions, status changes, notification attempts and warnings (what a
    request carried that Faspay's docs would refuse) as they happen."""
    statuses: Dict[str, int] = {}
    seen = 0
    warnings_seen = 0
    while not stop.wait(FOLLOW_INTERVAL):
        if quiet:
            continue
        lines: List[str] = []
        warnings = sandbox.warnings()
        for w in warnings[min(warnings_seen, len(warnings)) :]:
            trx = f" trx {w.trx_id}" if w.trx_id else ""
            lines.append(
                f"  {sandbox.now()} warning ({w.operation}{trx}): {w.message} "
                f"[{w.kind}; --strict answers {w.code}]"
            )
        warnings_seen = len(warnings)
        for t in sandbox.transactions():
            previous = statuses.get(t.trx_id)
            statuses[t.trx_id] = int(t.status)
            if previous == int(t.status):
                continue
            what = "created" if previous is None else "is now"
            lines.append(
                f"  {sandbox.now()} trx {t.trx_id} (bill {t.bill_no}, channel "
                f"{t.payment_channel}, Rp {t.bill_total}) {what} {int(t.status)} "
                f"{t.status.description}"
            )
        deliveries = sandbox.deliveries()
        for d in deliveries[seen:]:
            verdict = "accepted" if d.accepted else f"refused: {d.error or 'no reply'}"
            lines.append(
                f"  {sandbox.now()} notification for trx {d.trx_id} (status "
                f"{int(d.payment_status_code)}) attempt {d.attempt} -> {d.url}: {verdict}"
            )
        seen = max(seen, len(deliveries))
        if lines:
            _print("\n".join(lines))


def _print(text: str) -> None:
    print(text, flush=True)


def _fail(code: str, message: str) -> int:
    print(f"error[{code}]: {message}", file=sys.stderr, flush=True)
    return EXIT_STATUS.get(code, 1)

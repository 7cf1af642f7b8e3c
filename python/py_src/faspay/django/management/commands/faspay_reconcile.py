"""``manage.py faspay_reconcile [--older-than 15m]``: asks Faspay (``payment_status``) about
every transaction still pending after that age and records each new status through the same
path as a notification (same signal, same idempotency), so a lost notification never leaves an
order unpaid. Run it from cron; the exit status is 1 when an inquiry failed."""

from __future__ import annotations

import argparse
import datetime
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

import faspay

from ...models import FaspayTransaction
from ...reconcile import reconcile

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def age(text: str) -> datetime.timedelta:
    """``90`` (seconds), ``30s``, ``15m``, ``2h`` or ``1d``."""
    match = re.fullmatch(r"(\d+)([smhd]?)", text.strip())
    if match is None:
        # argparse shows an ArgumentTypeError's own message (a ValueError's only as "invalid").
        raise argparse.ArgumentTypeError(f"{text!r} is not an age like 90, 30s, 15m, 2h or 1d")
    return datetime.timedelta(seconds=int(match.group(1)) * UNITS[match.group(2) or "s"])


def limit(text: str) -> int:
    """A positive number of transactions."""
    if not re.fullmatch(r"\d+", text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of transactions")
    return int(text)


class Command(BaseCommand):
    help = (
        "Ask Faspay for the status of transactions still pending after --older-than and record "
        "each new status like a notification (same signal, applied once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=age,
            default=age("15m"),
            help="minimum age of a pending transaction: 90, 30s, 15m (default), 2h, 1d",
        )
        parser.add_argument(
            "--limit", type=limit, default=500, help="at most this many transactions per run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - options["older_than"]
        open_statuses = [int(s) for s in faspay.PaymentStatusCode if not s.is_final]
        pending = FaspayTransaction.objects.filter(
            status__in=open_statuses, created_at__lte=cutoff
        ).order_by("created_at")[: options["limit"]]
        report = reconcile(pending)
        for line in report.errors:
            self.stderr.write(line)
        for line in report.changes:
            self.stdout.write(line)
        self.stdout.write(report.summary())
        if report.failed:
            raise CommandError(f"{report.failed} inquiries failed")

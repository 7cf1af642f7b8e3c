"""Two deliveries of the same event at the same time (Faspay retries while the first is still
being handled): one stored event, one signal, and ``00`` for both."""

from __future__ import annotations

import json
import threading
from typing import Any, Dict, List
from unittest import mock

from django.db import connections
from django.db.models import QuerySet
from django.test import Client, TestCase, TransactionTestCase

from faspay.django.models import FaspayNotification

from .helpers import SignalRecorder, json_body, notification_fields, stored_transaction

URL = "/faspay/notify/"


class SimultaneousDeliveriesTest(TransactionTestCase):
    """Real threads, each with its own database connection, held at a barrier until both have
    found no stored event, so both then try to store it: the interleaving a retry that
    overtakes the first delivery produces."""

    def test_two_simultaneous_deliveries_store_and_signal_once_and_both_get_00(self) -> None:
        recorder = SignalRecorder()
        self.addCleanup(recorder.close)
        txn = stored_transaction()
        body = json_body(notification_fields(txn))

        barrier = threading.Barrier(2, timeout=60)
        creates_at_barrier: List[str] = []
        create = FaspayNotification.objects.create
        lock = threading.Lock()

        def create_after_both_checked(**fields: Any) -> FaspayNotification:
            # Only the first call of each thread waits: a try after a refused write must
            # not wait for a partner that will never come.
            name = threading.current_thread().name
            with lock:
                first = name not in creates_at_barrier
                if first:
                    creates_at_barrier.append(name)
            if first:
                barrier.wait()
            return create(**fields)

        results: Dict[str, Any] = {}

        def deliver(name: str) -> None:
            try:
                response = Client().post(URL, body, content_type="application/json")
                results[name] = (response.status_code, response.content)
            except BaseException as error:  # reported below, with the thread's name
                results[name] = error
            finally:
                connections.close_all()

        with mock.patch.object(FaspayNotification.objects, "create", create_after_both_checked):
            threads = [threading.Thread(target=deliver, args=(n,), name=n) for n in ("first", "second")]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
                self.assertFalse(thread.is_alive(), "a delivery hung")

        # Both passed the duplicate check before either stored the event.
        self.assertEqual(sorted(creates_at_barrier), ["first", "second"])
        for name in ("first", "second"):
            result = results[name]
            self.assertIsInstance(result, tuple, f"{name}: {result!r}")
            status, content = result
            self.assertEqual(status, 200, f"{name}: {content!r}")
            self.assertEqual(json.loads(content)["response_code"], "00", name)
        self.assertEqual(FaspayNotification.objects.count(), 1)
        self.assertEqual(len(recorder.calls), 1)
        self.assertEqual(recorder.calls[0]["event"].dedupe_key, f"99999:{txn.bill_no}:2")
        txn.refresh_from_db()
        self.assertEqual(txn.status, 2)


class UniqueKeyLoserTest(TestCase):
    """The database's unique dedupe_key decides a race the duplicate check did not see (a
    delivery that read before the other committed): the loser is a duplicate, not a 500."""

    def test_a_delivery_that_loses_on_the_unique_key_is_answered_00_without_a_signal(self) -> None:
        recorder = SignalRecorder()
        self.addCleanup(recorder.close)
        txn = stored_transaction()
        body = json_body(notification_fields(txn))
        first = Client().post(URL, body, content_type="application/json")
        self.assertEqual(json.loads(first.content)["response_code"], "00")

        exists = QuerySet.exists

        def misses_stored_events(queryset: QuerySet[Any]) -> bool:
            # The second delivery's check ran before the first one committed.
            return False if queryset.model is FaspayNotification else exists(queryset)

        with mock.patch.object(QuerySet, "exists", misses_stored_events):
            second = Client().post(URL, body, content_type="application/json")
        self.assertEqual(second.status_code, 200)
        self.assertEqual(json.loads(second.content)["response_code"], "00")
        self.assertEqual(FaspayNotification.objects.count(), 1)
        self.assertEqual(len(recorder.calls), 1)


class LockedDatabaseTest(TransactionTestCase):
    """A database that stays locked: the event is tried LOCKED_ATTEMPTS times with doubling
    pauses, then the error propagates (500: Faspay delivers again later), nothing stored."""

    def test_a_database_that_stays_locked_is_tried_with_doubling_pauses_then_fails(self) -> None:
        from django.db import OperationalError

        from faspay.django import events

        recorder = SignalRecorder()
        self.addCleanup(recorder.close)
        txn = stored_transaction()
        tries: List[int] = []

        def locked(**fields: Any) -> FaspayNotification:
            tries.append(1)
            raise OperationalError("database is locked")

        pauses: List[float] = []
        with mock.patch.object(FaspayNotification.objects, "create", locked), mock.patch(
            "faspay.django.events.time.sleep", pauses.append
        ), self.assertLogs("django.request", "ERROR"):
            response = Client(raise_request_exception=False).post(
                URL, json_body(notification_fields(txn)), content_type="application/json"
            )
        self.assertEqual(response.status_code, 500)
        self.assertEqual(len(tries), events.LOCKED_ATTEMPTS)
        self.assertEqual(pauses, [0.05, 0.1, 0.2, 0.4, 0.8])
        self.assertFalse(FaspayNotification.objects.exists())
        self.assertEqual(recorder.calls, [])

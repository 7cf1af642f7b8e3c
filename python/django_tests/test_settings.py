"""``settings.FASPAY``: checked at startup with ImproperlyConfigured naming the key; one client."""

from __future__ import annotations

import logging
from typing import Any, Dict

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.views.debug import SafeExceptionReporterFilter

from faspay.django import get_client

SECRET = "s3cret-Pa55word"  # must never appear in a message


def faspay_settings(**changes: Any) -> Dict[str, Any]:
    value: Dict[str, Any] = dict(settings.FASPAY, password=SECRET)
    value.update(changes)
    return {k: v for k, v in value.items() if v is not ...}


class SettingsTest(SimpleTestCase):
    def assert_refused_naming(self, value: object, key: str) -> None:
        # Not assertRaises: it clears the traceback's local variables, which are checked below.
        with override_settings(FASPAY=value):
            try:
                apps.get_app_config("faspay").ready()  # what startup runs
            except ImproperlyConfigured as error:
                raised = error
            else:
                self.fail(f"{value!r} was accepted")
        message = str(raised)
        self.assertIn(key, message)
        self.assertNotIn(SECRET, message)
        # Nor in the local variables Django's debug page and error reports show per frame
        # (get_client() rebuilds the client inside a request when the setting changed).
        reporter = SafeExceptionReporterFilter()
        assert raised.__traceback__ is not None
        frame = raised.__traceback__.tb_next  # the first frame is this test's own
        while frame is not None:
            shown = reporter.get_traceback_frame_variables(None, frame.tb_frame)
            self.assertNotIn(SECRET, repr(shown), frame.tb_frame.f_code.co_name)
            frame = frame.tb_next

    def test_every_mistake_names_its_key(self) -> None:
        self.assert_refused_naming(None, "settings.FASPAY")
        self.assert_refused_naming(["99999"], "settings.FASPAY")
        self.assert_refused_naming(faspay_settings(password=...), "FASPAY['password']")
        self.assert_refused_naming(faspay_settings(merchant_id=""), "FASPAY['merchant_id']")
        self.assert_refused_naming(faspay_settings(user_id=99999), "FASPAY['user_id']")
        self.assert_refused_naming(faspay_settings(timeout="30"), "FASPAY['timeout']")
        self.assert_refused_naming(faspay_settings(push_timeout=-1), "FASPAY['push_timeout']")
        self.assert_refused_naming(faspay_settings(max_retries=True), "FASPAY['max_retries']")
        self.assert_refused_naming(faspay_settings(pasword="typo"), "FASPAY['pasword']")
        # Values the Rust core refuses, mapped back to the key.
        self.assert_refused_naming(faspay_settings(environment="prod"), "FASPAY['environment']")
        self.assert_refused_naming(faspay_settings(format="yaml"), "FASPAY['format']")
        self.assert_refused_naming(
            faspay_settings(environment="production", base_url="http://pay.example"),
            "FASPAY['base_url']",
        )

    def test_a_key_is_named_once_in_the_message(self) -> None:
        for key, wrong in (
            ("environment", "prod"),
            ("max_idle_connections", -4),
            ("logger", "shop.payments"),
            ("xml_codes", {"payment_status": "x-y"}),
        ):
            with override_settings(FASPAY=faspay_settings(**{key: wrong})):
                with self.assertRaises(ImproperlyConfigured) as raised:
                    apps.get_app_config("faspay").ready()
            message = str(raised.exception)
            self.assertTrue(message.startswith(f"FASPAY[{key!r}]: "), message)
            self.assertEqual(message.count(key), 1, message)

    def test_every_client_setting_is_a_key(self) -> None:
        # The keys are the client's keyword arguments: the connection pool, the DNS cache, the
        # path codes and the logger too, each reaching the shared client.
        logger = logging.getLogger("shop.payments")
        extra = {
            "max_idle_connections": 4,
            "dns_cache_ttl": 0.0,
            "xml_codes": {"payment_status": "X1"},
            "redirect_code": "R9",
            "logger": logger,
            "max_inbound_bytes": 2048,
        }
        with override_settings(FASPAY=faspay_settings(**extra)):
            apps.get_app_config("faspay").ready()
            used = get_client().settings
        self.assertEqual(
            (used.max_idle_connections, used.dns_cache_ttl, used.redirect_code),
            (4, 0.0, "R9"),
        )
        self.assertEqual((used.xml_codes["payment_status"], used.max_inbound_bytes), ("X1", 2048))

    def test_valid_settings_pass_and_an_empty_base_url_means_faspays_host(self) -> None:
        for environment, host in (
            ("sandbox", "https://debit-sandbox.faspay.co.id"),
            ("production", "https://web.faspay.co.id"),
        ):
            with override_settings(
                FASPAY=faspay_settings(environment=environment, base_url="", format="xml")
            ):
                apps.get_app_config("faspay").ready()
                client = get_client()
                self.assertEqual((client.base_url, client.format), (host, "xml"))

    def test_one_shared_client_rebuilt_when_the_setting_changes(self) -> None:
        first = get_client()
        self.assertIs(get_client(), first)
        with override_settings(FASPAY=faspay_settings(merchant_id="12345")):
            self.assertEqual(get_client().merchant_id, "12345")
        self.assertEqual(get_client().merchant_id, "99999")
        self.assertIsNot(get_client(), first)


class MigrationsTest(TestCase):
    def test_the_shipped_migrations_match_the_models(self) -> None:
        # --check exits non-zero when a model change has no migration.
        call_command("makemigrations", "faspay", "--check", "--dry-run", verbosity=0)

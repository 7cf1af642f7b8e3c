"""The Django app ``faspay.django`` (label ``faspay``): checks ``settings.FASPAY`` at startup."""

from __future__ import annotations

from django.apps import AppConfig


class FaspayConfig(AppConfig):
    name = "faspay.django"
    label = "faspay"
    verbose_name = "Faspay"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import client, conf

        # A wrong FASPAY stops `manage.py` and the server at startup (ImproperlyConfigured
        # naming the key), not at the first payment.
        conf.build_client()
        del client  # imported for its setting_changed receiver

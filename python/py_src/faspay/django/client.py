"""The project's one shared ``faspay.Client``, built from ``settings.FASPAY`` on first use and
rebuilt when the setting changes (``override_settings`` in tests). A client is thread-safe."""

from __future__ import annotations

import threading
from typing import Any, Optional

from django.core.signals import setting_changed
from django.dispatch import receiver

import faspay

from .conf import build_client

__all__ = ["get_client"]

_lock = threading.Lock()
_client: Optional[faspay.Client] = None


def get_client() -> faspay.Client:
    """The shared client (``ImproperlyConfigured`` naming the key if ``FASPAY`` is wrong)."""
    global _client
    with _lock:
        if _client is None:
            _client = build_client()
        return _client


@receiver(setting_changed)
def _forget_client(*, setting: str, **kwargs: Any) -> None:
    global _client
    if setting == "FASPAY":
        with _lock:
            _client = None

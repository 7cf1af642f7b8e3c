"""The shop's one Faspay client, built from ``settings.FASPAY`` (rebuilt if the settings
change, as they do in tests). A ``faspay.Client`` is thread-safe: share it."""

from __future__ import annotations

import threading
from typing import Any, Dict, Optional, Tuple

from django.conf import settings

import faspay

_lock = threading.Lock()
_cached: Optional[Tuple[Tuple[Tuple[str, Any], ...], faspay.Client]] = None


def client() -> faspay.Client:
    global _cached
    config: Dict[str, Any] = dict(settings.FASPAY)
    key = tuple(sorted(config.items()))
    with _lock:
        if _cached is None or _cached[0] != key:
            _cached = (
                key,
                faspay.Client(
                    config["merchant_id"],
                    config["merchant_name"],
                    config["user_id"],
                    config["password"],
                    environment=config.get("environment", "sandbox"),
                    base_url=config.get("base_url") or None,
                    format=config.get("format", "json"),
                    push_timeout=float(config.get("push_timeout", 90.0)),
                ),
            )
        return _cached[1]

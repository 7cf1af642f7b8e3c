"""The ``FASPAY`` settings dict: checked key by key at startup, turned into the keyword
arguments of ``faspay.Client``. Every error is an ``ImproperlyConfigured`` naming the key;
no message ever contains the password."""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Tuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables

import faspay

__all__ = ["client_settings", "build_client"]

REQUIRED = ("merchant_id", "merchant_name", "user_id", "password")


def _text(value: object) -> bool:
    return isinstance(value, str)


def _optional_text(value: object) -> bool:
    return value is None or isinstance(value, str)


def _seconds(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _count(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _flag(value: object) -> bool:
    return isinstance(value, bool)


# The keys FASPAY takes are the keyword arguments of faspay.Client, which checks them itself
# (a misspelt key is its ArgumentTypeError naming it; no list is kept here): a setting the
# client gains is usable from Django at once. Optional keys whose type is checked here, for a
# message in the settings' terms (a number of seconds, ...); the values themselves, and every
# other key (``logger``, ``xml_codes``, ``max_idle_connections``, ...), are checked by the
# client when it is built (an unknown environment, an http:// URL in production, ...): its
# ValidationError names the key, shown as FASPAY[key].
OPTIONAL: Dict[str, Tuple[Callable[[object], bool], str]] = {
    "environment": (_text, 'a string ("sandbox" or "production")'),
    "base_url": (_optional_text, 'a URL string, or None / "" for Faspay\'s own host'),
    "format": (_text, 'a string ("json" or "xml")'),
    "timeout": (_seconds, "a positive number of seconds"),
    "connect_timeout": (_seconds, "a positive number of seconds"),
    "push_timeout": (_seconds, "a positive number of seconds"),
    "max_retries": (_count, "an integer or None"),
    "retry_backoff": (_seconds, "a positive number of seconds"),
    "amount_unit": (_text, 'a string ("sen" or "rupiah")'),
    "bill_validity": (_seconds, "a positive number of seconds"),
    "inquiry_sends_status_fields": (_flag, "True or False"),
    "max_response_bytes": (_count, "an integer or None"),
    "allow_insecure_http": (_flag, "True or False"),
    "max_inbound_bytes": (_count, "an integer or None"),
}


# The settings dict and the keyword arguments built from it hold the password: Django's debug
# page (and error reports) show a failing frame's local variables unless they are marked.
@sensitive_variables("value", "kwargs")
def client_settings(value: object = None) -> Dict[str, Any]:
    """``settings.FASPAY`` (or ``value``) checked, as ``faspay.Client`` keyword arguments."""
    if value is None:
        value = getattr(settings, "FASPAY", None)
    if value is None:
        raise ImproperlyConfigured(
            "settings.FASPAY is missing: a dict with merchant_id, merchant_name, user_id and "
            "password (see the faspay.django documentation)"
        )
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured(
            f"settings.FASPAY must be a dict, not {type(value).__name__}"
        )
    for key in value:
        if not isinstance(key, str):
            raise ImproperlyConfigured(f"settings.FASPAY's keys must be strings, not {key!r}")
    kwargs: Dict[str, Any] = {}
    for key in REQUIRED:
        if key not in value:
            raise ImproperlyConfigured(f"FASPAY[{key!r}] is required")
        if not isinstance(value[key], str) or not value[key].strip():
            raise ImproperlyConfigured(f"FASPAY[{key!r}] must be a non-empty string")
        kwargs[key] = value[key]
    for key in value:
        if key in REQUIRED:
            continue
        if key in OPTIONAL and not OPTIONAL[key][0](value[key]):
            # None of the optional settings is a secret: showing the value helps.
            what = OPTIONAL[key][1]
            raise ImproperlyConfigured(f"FASPAY[{key!r}] must be {what}, not {value[key]!r}")
        kwargs[key] = value[key]
    # An empty FASPAY_BASE_URL environment variable means "no override": Faspay's own host.
    if kwargs.get("base_url") == "":
        kwargs["base_url"] = None
    return kwargs


@sensitive_variables("value", "kwargs")
def build_client(value: object = None) -> faspay.Client:
    """A ``faspay.Client`` from the checked settings; the core's own checks (an unknown
    environment or format, plain HTTP in production, ...) become ``ImproperlyConfigured``
    naming the key."""
    kwargs = client_settings(value)
    try:
        return faspay.Client(**kwargs)
    except faspay.ValidationError as error:
        key = error.field if error.field in kwargs else None
        if key is None:
            raise ImproperlyConfigured(f"settings.FASPAY: {error.message}") from None
        # The client's message starts with the field's name: say it once, as FASPAY[key].
        reason = error.message.removeprefix(f"{key}: ").removeprefix(f"{key} ")
        raise ImproperlyConfigured(f"FASPAY[{key!r}]: {reason}") from None

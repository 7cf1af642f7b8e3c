"""Settings of the example shop. Faspay credentials come from the environment; the defaults
are Faspay's public sandbox sample merchant (not secrets), for local runs against
``faspay-sandbox`` (or ``faspay sandbox``) and ``faspay.testing.Sandbox``."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Never use this key in production: set DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "faspay.django",  # Faspay transactions, the notification endpoint, faspay_reconcile
    "orders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
STATIC_URL = "static/"

# The Faspay merchant account, checked at startup by faspay.django. FASPAY_BASE_URL defaults to the local offline sandbox
# (`faspay-sandbox --port 8765`). To talk to Faspay itself, set it to an empty string
# (`FASPAY_BASE_URL=`): the client then uses Faspay's host for FASPAY_ENVIRONMENT (`sandbox`,
# Faspay's own test system, or `production`).
FASPAY = {
    "merchant_id": os.environ.get("FASPAY_MERCHANT_ID", "99999"),
    "merchant_name": os.environ.get("FASPAY_MERCHANT_NAME", "Sophia Store"),
    "user_id": os.environ.get("FASPAY_USER_ID", "bot99999"),
    "password": os.environ.get("FASPAY_PASSWORD", "p@ssw0rd"),
    "environment": os.environ.get("FASPAY_ENVIRONMENT", "sandbox"),
    "base_url": os.environ.get("FASPAY_BASE_URL", "http://127.0.0.1:8765"),
    "format": os.environ.get("FASPAY_FORMAT", "json"),
    # OVO push-to-pay blocks until the customer decides in the app.
    "push_timeout": float(os.environ.get("FASPAY_PUSH_TIMEOUT", "90")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # One line per Faspay HTTP attempt (method, path, status, elapsed); never the password.
    "loggers": {"faspay": {"handlers": ["console"], "level": "INFO"}},
}

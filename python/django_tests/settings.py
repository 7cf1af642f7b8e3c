"""A minimal project around faspay.django for its tests. The FASPAY values are Faspay's public
sandbox sample merchant (not secrets); tests point base_url at an in-process sandbox."""

from __future__ import annotations

import os
import tempfile

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "static/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "faspay.django",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "django_tests.urls"

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

# A file, not ":memory:": tests where two threads deliver at once need SQLite's own file locking
# (an in-memory database shared between threads locks tables without waiting).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "TEST": {
            "NAME": os.path.join(tempfile.gettempdir(), f"faspay-django-tests-{os.getpid()}.sqlite3")
        },
    }
}

FASPAY = {
    "merchant_id": "99999",
    "merchant_name": "Sophia Store",
    "user_id": "bot99999",
    "password": "p@ssw0rd",
    "base_url": "http://127.0.0.1:9",
}

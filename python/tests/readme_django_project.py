"""A Django project assembled from a README's ``<!-- django-project: FILE -->`` blocks, run in a
subprocess (Django's settings are per process): it migrates, serves the project on a loopback
port, pays an order through the README's checkout view against an in-process sandbox that
delivers its notification to the project, and prints what happened as JSON.

``python readme_django_project.py PROJECT_DIR`` (the directory ``build()`` filled)."""

from __future__ import annotations

import json
import os
import pathlib
import sys
import threading
import urllib.request
from socketserver import ThreadingMixIn
from typing import Any, Dict
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

# What a README's blocks are added to: the files `django-admin startproject` / `startapp` would
# give, reduced to what the example needs.
BASE_FILES = {
    "shop/__init__.py": "",
    "shop/settings.py": """
SECRET_KEY = "readme-test-only"
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "shop.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "orders"]
""",
    "shop/urls.py": """
from django.urls import path

from orders import views

urlpatterns = [path("checkout/", views.checkout)]
""",
    "orders/__init__.py": "",
    "orders/apps.py": """
from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from . import receivers  # noqa: F401
""",
    "orders/models.py": """
from django.db import models


class Order(models.Model):
    bill_no = models.CharField(max_length=32, unique=True)
    paid = models.BooleanField(default=False)
""",
}


def build(project: pathlib.Path, blocks: Dict[str, str]) -> None:
    """Writes the base project with each README block appended to its file."""
    for name, text in BASE_FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n" + blocks.pop(name, ""), encoding="utf-8")
    for name, text in blocks.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(project: str) -> None:
    os.chdir(project)
    sys.path.insert(0, project)
    from faspay.testing import Sandbox

    sandbox = Sandbox(push_delay=0.1)
    os.environ["FASPAY_BASE_URL"] = sandbox.base_url
    os.environ["FASPAY_PASSWORD"] = sandbox.password
    os.environ["DJANGO_SETTINGS_MODULE"] = "shop.settings"
    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    django.setup()
    call_command("migrate", run_syncdb=True, verbosity=0)
    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_Server, handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    notify_url = f"http://127.0.0.1:{server.server_port}/faspay/notify/"
    sandbox.notify_url = notify_url

    from faspay.django.models import FaspayNotification, FaspayTransaction
    from orders.models import Order  # type: ignore[import-not-found]

    # A number that is not an OVO number: refused before anything is sent, no order left.
    refused = Client().post("/checkout/", {"ovo_number": "12"})
    refused_left = (Order.objects.count(), FaspayTransaction.objects.count(), len(sandbox.requests()))
    checkout = Client().post("/checkout/", {"ovo_number": "081234567890"})
    delivered = sandbox.wait_for_deliveries(1, timeout=20)
    order = Order.objects.get()
    first = sandbox.deliveries()[0] if delivered else None
    # Faspay delivers the same notification again: 00, nothing changes.
    replay_code = None
    if first is not None:
        request = urllib.request.Request(
            notify_url,
            data=first.request_body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            replay_code = json.loads(answer.read())["response_code"]
    result = {
        "refused_status": refused.status_code,
        "refused_body": refused.content.decode(),
        "refused_left": list(refused_left),
        "checkout_status": checkout.status_code,
        "checkout_location": checkout.get("Location"),
        "delivered": delivered,
        "accepted": first.accepted if first else None,
        "replay_code": replay_code,
        "order_paid": Order.objects.get(pk=order.pk).paid,
        "bill_no": order.bill_no,
        "transactions": list(FaspayTransaction.objects.values_list("bill_no", "status")),
        "notifications": FaspayNotification.objects.count(),
    }
    # Faspay takes the payment back (a reversal, status 4): the order is no longer paid.
    if delivered:
        sandbox.reverse(FaspayTransaction.objects.get().trx_id)
        result["reversal_delivered"] = sandbox.wait_for_deliveries(2, timeout=20)
        result["order_paid_after_reversal"] = Order.objects.get(pk=order.pk).paid
    server.shutdown()
    sandbox.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])

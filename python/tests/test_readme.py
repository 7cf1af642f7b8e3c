"""Every Python snippet of the READMEs, extracted and run against the in-process sandbox, so
the docs cannot drift from the package. The snippets of one README run in order, in one
namespace, as a reader would paste them."""

from __future__ import annotations

import json
import os
import pathlib
import re
from typing import Any, Dict, List

import pytest

import faspay
from faspay.testing import Sandbox

ROOT = pathlib.Path(__file__).resolve().parents[2]


def snippets(readme: str) -> List[str]:
    text = (ROOT / readme).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def run_snippets(readme: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    monkeypatch.setenv("FASPAY_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("FASPAY_PASSWORD", sandbox.password)
    namespace: Dict[str, Any] = {"__name__": "readme"}
    blocks = snippets(readme)
    assert blocks, f"{readme} has no python snippet"
    for block in blocks:
        exec(compile(block, readme, "exec"), namespace)
    return namespace


class FakeRequest:
    """The one thing the README's view reads from Django's request."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.method = "POST"
        self.META: Dict[str, str] = {}


@pytest.fixture
def django_settings() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(DEFAULT_CHARSET="utf-8")


def test_root_readme_checkout_and_notification_view(
    faspay_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, django_settings: None
) -> None:
    faspay_sandbox.push_delay = 0
    ns = run_snippets("README.md", faspay_sandbox, monkeypatch)
    created = ns["created"]
    assert isinstance(created, faspay.CreatedTransaction)
    view = ns["notify"]

    # The paid notification the sandbox signs for this order (the OVO customer approved).
    client = faspay_sandbox.client()
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code.is_paid
    paid = {
        "request": "Payment Notification",
        "trx_id": created.trx_id,
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": created.bill_no,
        "payment_status_code": "2",
        "payment_status_desc": "Payment Sukses",
        "bill_total": "1500000",
        "payment_total": "1500000",
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": faspay.notification_signature(
            "bot99999", faspay_sandbox.password, created.bill_no, "2"
        ),
    }

    def answer(body: bytes) -> Any:
        return view(FakeRequest(body))

    ok = answer(json.dumps(paid).encode())
    assert ok.status_code == 200
    assert json.loads(ok.content)["response_code"] == "00"
    assert ok["Content-Type"] == "application/json"

    # The signature holds but the amount is not the order's: answered "not accepted".
    tampered = answer(json.dumps(dict(paid, payment_total="100")).encode())
    assert json.loads(tampered.content)["response_code"] == "99"

    # Junk and forgeries are refused, not a 500.
    for body in (b"", b"<!DOCTYPE html><html>502 Bad Gateway</html>", b"{}"):
        assert answer(body).status_code == 403
    forged = dict(paid, signature=faspay.notification_signature("bot99999", "guess", "x", "2"))
    assert answer(json.dumps(forged).encode()).status_code == 403


def test_python_readme_snippets(faspay_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    faspay_sandbox.push_delay = 0
    ns = run_snippets("python/README.md", faspay_sandbox, monkeypatch)
    assert ns["status"].payment_status_code.is_paid
    assert ns["created"].bill_items[0].amount is not None


def test_every_readme_with_python_is_covered() -> None:
    tested = {"README.md", "python/README.md"}
    skip = {".git", ".venv", "target", "node_modules"}
    with_python = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        if "README.md" in files:
            path = pathlib.Path(folder) / "README.md"
            if "```python" in path.read_text(encoding="utf-8"):
                with_python.add(str(path.relative_to(ROOT)))
    assert with_python <= tested, f"untested README snippets: {with_python - tested}"

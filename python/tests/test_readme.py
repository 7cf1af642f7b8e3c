"""Every Python snippet of the READMEs, extracted and run against the in-process sandbox, so
the docs cannot drift from the package. The snippets of one README run in order, in one
namespace, as a reader would paste them."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
from typing import Any, Dict, List

import pytest

import faspay
import oracle
from faspay.testing import Sandbox

import readme_django_project

ROOT = pathlib.Path(__file__).resolve().parents[2]


# A block marked `<!-- django-project: FILE -->` is a file of a Django project, not a snippet
# to paste into one namespace: test_django_readme_project runs those.
BLOCK = re.compile(r"(?:<!-- django-project: (\S+) -->\n)?```python\n(.*?)```", flags=re.DOTALL)


def snippets(readme: str) -> List[str]:
    text = (ROOT / readme).read_text(encoding="utf-8")
    return [code for target, code in BLOCK.findall(text) if not target]


def django_project_blocks(readme: str) -> Dict[str, str]:
    text = (ROOT / readme).read_text(encoding="utf-8")
    return {target: code for target, code in BLOCK.findall(text) if target}


def run_snippets(readme: str, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    monkeypatch.setenv("FASPAY_BASE_URL", sandbox.base_url)
    monkeypatch.setenv("FASPAY_PASSWORD", sandbox.password)
    namespace: Dict[str, Any] = {"__name__": "readme"}
    blocks = snippets(readme)
    assert blocks, f"{readme} has no python snippet"
    for block in blocks:
        exec(compile(block, readme, "exec"), namespace)
    return namespace


def paid_notification(sandbox: Sandbox, trx_id: str, bill_no: str) -> Dict[str, str]:
    """The "paid" notification the sandbox signs for a Rp 15.000 OVO bill."""
    return {
        "request": "Payment Notification",
        "trx_id": trx_id,
        "merchant_id": "99999",
        "merchant": "Sophia Store",
        "bill_no": bill_no,
        "payment_status_code": "2",
        "payment_status_desc": "Payment Sukses",
        "bill_total": "1500000",
        "payment_total": "1500000",
        "payment_channel_uid": "812",
        "payment_channel": "OVO",
        "signature": oracle.signature("bot99999", sandbox.password, bill_no + "2"),
    }


def failed_notification(sandbox: Sandbox, trx_id: str, bill_no: str) -> Dict[str, str]:
    """The "failed" notification (status 3) for the same bill: Faspay reports nothing paid."""
    paid = paid_notification(sandbox, trx_id, bill_no)
    return dict(
        paid,
        payment_status_code="3",
        payment_status_desc="Payment Gagal",
        payment_total="0",
        signature=oracle.signature("bot99999", sandbox.password, bill_no + "3"),
    )


def test_root_readme_checkout_and_notification_handler(
    faspay_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    faspay_sandbox.push_delay = 0
    ns = run_snippets("README.md", faspay_sandbox, monkeypatch)
    created = ns["created"]
    assert isinstance(created, faspay.CreatedTransaction)
    handler = ns["on_notification"]

    # The paid notification the sandbox signs for this order (the OVO customer approved).
    client = faspay_sandbox.client()
    status = client.payment_status(created.trx_id, created.bill_no)
    assert status.payment_status_code.is_paid
    paid = paid_notification(faspay_sandbox, created.trx_id, created.bill_no)

    def answer(body: bytes) -> Any:
        return handler(body)

    status, reply, content_type = answer(json.dumps(paid).encode())
    assert status == 200
    assert json.loads(reply)["response_code"] == "00"
    assert content_type == "application/json"

    # The signature holds but the amount is not the order's: answered "not accepted".
    _, tampered, _ = answer(json.dumps(dict(paid, payment_total="100")).encode())
    assert json.loads(tampered)["response_code"] == "99"

    # A failed payment carries payment_total 0: answered "accepted", else Faspay retries it.
    failed = failed_notification(faspay_sandbox, created.trx_id, created.bill_no)
    status, reply, _ = answer(json.dumps(failed).encode())
    assert status == 200 and json.loads(reply)["response_code"] == "00"
    # A bill that is none of ORDERS, validly signed: "not accepted".
    unknown = dict(
        paid,
        bill_no="ORDER-9",
        signature=oracle.signature("bot99999", faspay_sandbox.password, "ORDER-92"),
    )
    assert json.loads(answer(json.dumps(unknown).encode())[1])["response_code"] == "99"

    # Junk is refused as not a notification, forgeries as forged; never an exception.
    for body in (b"", b"<!DOCTYPE html><html>502 Bad Gateway</html>", b"{}"):
        assert answer(body)[0] == 400
    forged = dict(paid, signature=oracle.signature("bot99999", "guess", "x2"))
    assert answer(json.dumps(forged).encode())[0] == 403


def test_python_readme_snippets(faspay_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    faspay_sandbox.push_delay = 0
    ns = run_snippets("python/README.md", faspay_sandbox, monkeypatch)
    assert ns["status"].payment_status_code.is_paid
    assert ns["created"].bill_items[0].amount is not None


@pytest.mark.parametrize("readme", ["README.md", "python/README.md"])
def test_django_readme_project(readme: str, tmp_path: pathlib.Path) -> None:
    """The README's promise: the app, a settings dict, one include and a signal receiver (plus
    the shop's checkout view) take an OVO payment, each notification applied once."""
    blocks = django_project_blocks(readme)
    assert sorted(blocks) == [
        "orders/receivers.py",
        "orders/views.py",
        "shop/settings.py",
        "shop/urls.py",
    ], readme
    readme_django_project.build(tmp_path, dict(blocks))
    run = subprocess.run(
        [sys.executable, readme_django_project.__file__, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert (result["refused_status"], result["refused_body"]) == (400, "Please check msisdn.")
    assert result["refused_left"] == [0, 0, 0]
    assert result["checkout_status"] == 302
    assert result["checkout_location"] == f"/orders/{result['bill_no']}/"
    assert len(result["bill_no"]) == faspay.GENERATED_BILL_NO_LENGTH
    assert result["delivered"] and result["accepted"]
    assert result["replay_code"] == "00"
    assert result["order_paid"] is True
    assert result["transactions"] == [[result["bill_no"], 2]]
    assert result["notifications"] == 1  # the replay was not stored again
    assert result["reversal_delivered"] is True
    assert result["order_paid_after_reversal"] is False


def test_python_readme_fastapi_app(
    faspay_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's FastAPI app, served by Starlette's TestClient (its own event loop thread)."""
    from fastapi.testclient import TestClient

    faspay_sandbox.push_delay = 0
    ns = run_snippets("python/README.md", faspay_sandbox, monkeypatch)
    payments = ns["payments"]
    assert isinstance(payments, faspay.AsyncClient) and payments.max_concurrency == 20
    try:
        with TestClient(ns["app"]) as http:
            paid = http.post("/orders/ORDER-2001/pay")
            assert paid.status_code == 200
            trx_id = paid.json()["trx_id"]
            assert paid.json()["redirect_url"].startswith(faspay_sandbox.base_url)
            created = faspay_sandbox.transaction(trx_id)
            assert created is not None and created.bill_no == "ORDER-2001"

            faspay_sandbox.approve(trx_id)
            notification = paid_notification(faspay_sandbox, trx_id, "ORDER-2001")
            answer = http.post("/faspay/notify", content=json.dumps(notification).encode())
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("application/json")
            assert json.loads(answer.content)["response_code"] == "00"
            # Not this order's amount: answered "not accepted" (99), Faspay retries.
            cheaper = dict(notification, payment_total="100")
            answer = http.post("/faspay/notify", content=json.dumps(cheaper).encode())
            assert json.loads(answer.content)["response_code"] == "99"
            # A failed payment (payment_total 0) is answered "accepted" (00), not retried.
            failed = failed_notification(faspay_sandbox, trx_id, "ORDER-2001")
            answer = http.post("/faspay/notify", content=json.dumps(failed).encode())
            assert json.loads(answer.content)["response_code"] == "00"
            forged = dict(notification, signature="0" * 40)
            assert http.post("/faspay/notify", content=json.dumps(forged).encode()).status_code == 403
    finally:
        payments.close()


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


# Which test runs each README code block of a language that can run. A block of one of these
# languages anywhere else, or more of them than listed, is an example nobody runs: this test
# fails until a runner takes it (and the entry here names it). Shell blocks are install and
# run instructions, and `toml`/`json` blocks show file formats, so they are not listed.
RUNNERS = {
    ("README.md", "rust"): (1, "sandbox/tests/readme.rs (the first rust block, character for character)"),
    ("README.md", "python"): (None, "this file: test_root_readme_checkout_and_notification_handler, test_django_readme_project"),
    ("README.md", "js"): (2, "node/test/readme.test.js (the js blocks after '## Node')"),
    ("README.md", "c"): (1, "scripts/test-c and scripts/test-release (after <!-- readme-c-example)"),
    ("README.md", "php"): (2, "scripts/test-php (after <!-- readme-php-example / <!-- readme-php-notify)"),
    ("python/README.md", "python"): (None, "this file: test_python_readme_snippets, _fastapi_app, test_django_readme_project"),
    ("sandbox/README.md", "rust"): (1, "sandbox/tests/readme.rs (its first rust block, character for character)"),
}
RUNNABLE = {"rust", "python", "js", "javascript", "ts", "typescript", "c", "php", "py"}
FENCE = re.compile(r"^```(\S*)\n.*?^```$", flags=re.DOTALL | re.MULTILINE)


def test_every_readme_code_block_has_a_runner() -> None:
    skip = {".git", ".venv", ".venv-django42", "target", "node_modules", "dist"}
    found: Dict[Any, int] = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            if name.lower() != "readme.md":
                continue
            path = pathlib.Path(folder) / name
            for lang in FENCE.findall(path.read_text(encoding="utf-8")):
                if lang in RUNNABLE:
                    key = (str(path.relative_to(ROOT)), lang)
                    found[key] = found.get(key, 0) + 1
    unrun = {key: n for key, n in found.items() if key not in RUNNERS}
    assert not unrun, f"README code blocks no test runs: {unrun}"
    for key, (count, runner) in RUNNERS.items():
        assert key in found, f"{key} is listed as run by {runner} but the README has none"
        if count is not None:
            assert found[key] == count, f"{key}: {found[key]} blocks, but {runner} runs {count}"
    # The marker-extracted blocks: each marker is followed by a block of its language.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker, lang in [
        ("<!-- readme-c-example", "c"),
        ("<!-- readme-php-example", "php"),
        ("<!-- readme-php-notify", "php"),
        ("<!-- readme-release-install", "sh"),
    ]:
        after = readme.split(marker, 1)
        assert len(after) == 2, f"README.md lost the marker {marker}"
        assert after[1].split("\n", 1)[1].startswith(f"```{lang}\n"), f"no {lang} block right after {marker}"

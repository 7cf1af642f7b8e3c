"""Smoke test of the installed wheel: one OVO checkout against the embedded sandbox, whose
notification reaches a real merchant endpoint (http.server) that verifies it and answers with
the exact reply; then the status is paid. Usage: python smoke.py EXPECTED_VERSION [LABEL].
Run by scripts/test-release in a fresh venv, with no Rust toolchain reachable."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import faspay
from faspay.testing import Sandbox

checks = 0
failed = 0


def check(ok: bool, what: str) -> None:
    global checks, failed
    checks += 1
    if not ok:
        failed += 1
        print(f"CHECK failed: {what}", file=sys.stderr)


check(faspay.__version__ == sys.argv[1], f"version {faspay.__version__}")
check("site-packages" in faspay.__file__, f"imported from the venv: {faspay.__file__}")

with Sandbox(push_delay=0) as sandbox:
    client = sandbox.client()
    verified: list[faspay.Notification] = []

    class Merchant(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            notification = client.parse_notification(body)  # raises on a forged body
            verified.append(notification)
            reply = client.notification_reply(notification, True)
            self.send_response(200)
            self.send_header("Content-Type", notification.reply_content_type)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Merchant)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sandbox.notify_url = f"http://127.0.0.1:{server.server_address[1]}/notify"

    created = client.create_transaction({
        "bill_no": "REL-PY-1", "bill_desc": "Kopi", "bill_total": 15000,
        "payment_channel": "812", "cust_no": "42", "cust_name": "Budi", "billing_name": "Budi",
        "msisdn": "081234567890", "email": "budi@example.com",
        "item": [{"product": "Kopi", "qty": 1, "amount": 15000}],
    })
    check(created.response_code == "00", "created")
    client.ovo_push(created.trx_id, "081234567890")
    check(sandbox.wait_for_deliveries(1, timeout=60), "a notification was delivered")
    delivery = sandbox.deliveries()[0]
    check(delivery.accepted, f"the endpoint's reply was accepted: {delivery.reply_body}")
    check(len(verified) == 1 and verified[0].bill_no == "REL-PY-1", "notification verified")
    check(bool(verified) and verified[0].payment_status_code.is_paid, "notification says paid")
    status = client.payment_status(created.trx_id, "REL-PY-1")
    check(status.payment_status_code.is_paid, "status paid")
    check(str(status.payment_total) == "15000", f"status total {status.payment_total}")
    server.shutdown()

label = sys.argv[2] if len(sys.argv) > 2 else "python wheel smoke"
print(f"{label}: {checks} checks, {failed} failed")
sys.exit(1 if failed else 0)

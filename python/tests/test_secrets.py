"""The password never appears in reprs, exceptions or logs; each HTTP attempt is logged."""

from __future__ import annotations

import logging
from typing import Iterator, List

import pytest

import faspay
from conftest import sample_bill
from faspay.testing import Sandbox

SECRET = "Sup3r-S3cret!pw"
WRONG = "Wr0ng-S3cret!pw"


@pytest.fixture
def secret_sandbox() -> Iterator[Sandbox]:
    with Sandbox(password=SECRET) as sandbox:
        yield sandbox


def test_password_never_leaks(
    secret_sandbox: Sandbox, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG, logger="faspay")
    seen: List[str] = []
    client = secret_sandbox.client()
    seen += [repr(client), str(client)]
    created = client.create_transaction(sample_bill())  # type: ignore[arg-type]
    seen += [repr(created), str(created.raw)]
    seen.append(repr(client.prepare_payment_status(created.trx_id, created.bill_no)))
    seen.append(repr(client.payment_status(created.trx_id, created.bill_no)))
    seen.append(repr(client.cancel_transaction(created.trx_id, created.bill_no, "test")))

    # Errors of every kind, with the right password and with a wrong one.
    wrong = secret_sandbox.client(password=WRONG, timeout=0.5, max_retries=0)
    seen.append(repr(wrong))
    for make_call in (
        lambda: wrong.payment_channels(),
        lambda: wrong.create_transaction(sample_bill()),  # type: ignore[arg-type]
        lambda: client.create_transaction(sample_bill(bill_total=0.1 + 0.2)),  # type: ignore[arg-type]
        lambda: client.parse_notification(b'{"merchant_id":"99999","bill_no":"B","payment_status_code":"2","signature":"00"}'),
        lambda: client.verify_return("bill_no=B&status=2&signature=00"),
    ):
        with pytest.raises(faspay.FaspayError) as info:
            make_call()
        seen += [repr(info.value), str(info.value), repr(info.value.args)]
    for kind in ("server_error", "html_page", "reset", "truncated", "response_error"):
        secret_sandbox.set_fault(kind)
        with pytest.raises(faspay.FaspayError) as info:
            wrong.payment_channels()
        seen += [repr(info.value), str(info.value)]
        secret_sandbox.clear_faults()

    seen += [r.getMessage() for r in caplog.records]
    seen += [repr(r.__dict__) for r in caplog.records]
    out, err = capfd.readouterr()
    seen += [out, err]
    assert caplog.records, "the calls were logged"
    for text in seen:
        assert SECRET not in text
        assert WRONG not in text
    assert out == "" and err == "", "the library writes nothing to stdout/stderr"


def test_each_attempt_is_logged(faspay_sandbox: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="faspay")
    client = faspay_sandbox.client()
    client.create_transaction(sample_bill())  # type: ignore[arg-type]
    [record] = [r for r in caplog.records if r.name == "faspay"]
    assert record.levelno == logging.DEBUG
    assert record.__dict__["faspay_operation"] == "create_transaction"
    assert record.__dict__["faspay_method"] == "POST"
    assert record.__dict__["faspay_path"] == "/cvr/300011/10"
    assert record.__dict__["faspay_status"] == 200
    assert record.__dict__["faspay_elapsed_ms"] >= 0
    assert "POST /cvr/300011/10 -> 200" in record.getMessage()


def test_failed_attempts_are_warnings_and_a_custom_logger_works(
    faspay_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="shop.payments")
    client = faspay_sandbox.client(
        logger=logging.getLogger("shop.payments"), max_retries=1, retry_backoff=0.01
    )
    faspay_sandbox.set_fault("server_error", endpoint="payment_channels")
    with pytest.raises(faspay.TransportError) as failed:
        client.payment_channels()
    assert (failed.value.code, failed.value.http_status) == ("TRANSPORT", 500)
    records = [r for r in caplog.records if r.name == "shop.payments"]
    assert [r.__dict__["faspay_attempt"] for r in records] == [1, 2]
    assert all(r.levelno == logging.WARNING for r in records)
    assert records[0].__dict__["faspay_error"] == "TRANSPORT"


def test_a_broken_log_handler_does_not_break_the_call(faspay_sandbox: Sandbox) -> None:
    class Broken(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failed")

        def handleError(self, record: logging.LogRecord) -> None:
            raise RuntimeError("handler failed")

    logger = logging.getLogger("faspay.test.broken")
    logger.addHandler(Broken())
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    client = faspay_sandbox.client(logger=logger)
    assert client.payment_channels().response_code == "00"

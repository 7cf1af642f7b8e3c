"""The sandbox's payment page and result pages as a customer sees them on a 375 px phone:
merchant, amount in rupiah, two clear buttons that work, pages that say what happened, nothing
to scroll sideways. Screenshots go to $FASPAY_SCREENSHOT_DIR (target/screenshots); the one in
the README is regenerated with FASPAY_UPDATE_README_SCREENSHOT=1."""

from __future__ import annotations

import os
import pathlib
import shutil
import urllib.parse
from typing import Any, Iterator, List, Optional, cast

import pytest
from playwright.sync_api import Locator, Page

import faspay
from conftest import sample_bill
from loopback_http import Answer, LoopbackServer
from test_browser_helpers import png_size
from faspay.browser_testing import Browser, horizontal_overflow, save_screenshot
from faspay.testing import Sandbox

ROOT = pathlib.Path(__file__).resolve().parents[3]
README_SCREENSHOT = ROOT / "docs" / "img" / "sandbox-payment-page.png"

# Text a shop may put in a bill: quotes, markup characters, an ampersand, non-ASCII, and a long
# word with no place to break.
HOSTILE_BILL_NO = "Q\"<&'\u00e9-" + "9" * 24
HOSTILE_DESC = 'Kopi "susu" <besar> & roti \u2014 \u5496\u5561 ' + "x" * 60


def create(sandbox: Sandbox, **bill: Any) -> faspay.CreatedTransaction:
    return sandbox.client().create_transaction(cast(faspay.Bill, sample_bill(**bill)))


def open_payment_page(page: Page, created: faspay.CreatedTransaction) -> None:
    assert created.redirect_url is not None
    response = page.goto(created.redirect_url)
    assert response is not None and response.status == 200


def assert_fits_the_phone(page: Page, *elements: Locator) -> None:
    assert horizontal_overflow(page) == 0
    width = page.evaluate("() => document.documentElement.clientWidth")
    for element in elements:
        assert element.is_visible()
        box = element.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box


def assert_tappable(button: Locator) -> None:
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44 and box["width"] >= 200, box  # a thumb-sized target


def font_px(element: Locator) -> float:
    return float(element.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_the_payment_page_shows_who_what_and_two_working_buttons_on_a_phone(
    faspay_sandbox: Sandbox, phone_page: Page
) -> None:
    created = create(faspay_sandbox, bill_total=1250000, bill_desc="Kopi susu x 50")
    open_payment_page(phone_page, created)

    merchant = phone_page.locator("#merchant")
    amount = phone_page.locator("#amount")
    approve = phone_page.get_by_role("button", name="Approve payment")
    reject = phone_page.get_by_role("button", name="Reject payment")
    assert merchant.inner_text() == "Sophia Store"
    assert amount.inner_text() == "Rp 1.250.000"
    assert phone_page.locator("#description").inner_text() == "Kopi susu x 50"
    assert phone_page.locator("#transaction").inner_text() == created.trx_id
    assert phone_page.locator("#channel").inner_text() == "OVO (812)"
    assert phone_page.get_by_role("heading", name="Confirm your payment").is_visible()
    assert_fits_the_phone(phone_page, merchant, amount, approve, reject)
    assert_tappable(approve)
    assert_tappable(reject)
    assert font_px(phone_page.locator("body")) >= 16
    assert font_px(amount) > font_px(merchant)  # the amount is what the eye finds first
    # Both buttons are on the first screen, without scrolling.
    for button in (approve, reject):
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, box
    save_screenshot(phone_page, "sandbox-payment-page")

    approve.click()
    phone_page.wait_for_load_state()
    assert phone_page.locator("#headline").inner_text() == "Payment successful"
    assert phone_page.locator("#status").inner_text() == "Payment Success"
    assert phone_page.locator("#amount").inner_text() == "Rp 1.250.000"
    assert_fits_the_phone(phone_page, phone_page.locator("#outcome"))
    save_screenshot(phone_page, "sandbox-payment-approved")
    settled = faspay_sandbox.transaction(created.trx_id)
    assert settled is not None and settled.status.is_paid
    assert faspay_sandbox.client().payment_status(created.trx_id, created.bill_no).payment_status_code.is_paid

    # Back on the payment page: nothing left to approve.
    open_payment_page(phone_page, created)
    assert phone_page.get_by_role("button").count() == 0
    assert "no longer waiting" in phone_page.locator("#outcome").inner_text()


def test_rejecting_says_nothing_was_charged_and_fails_the_bill(
    faspay_sandbox: Sandbox, phone_page: Page
) -> None:
    created = create(faspay_sandbox)
    open_payment_page(phone_page, created)
    phone_page.get_by_role("button", name="Reject payment").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator("#headline").inner_text() == "Payment rejected"
    assert "nothing was charged" in phone_page.locator("#outcome").inner_text()
    assert phone_page.title() == "Payment Failed"
    assert_fits_the_phone(phone_page, phone_page.locator("#outcome"))
    save_screenshot(phone_page, "sandbox-payment-rejected")
    settled = faspay_sandbox.transaction(created.trx_id)
    assert settled is not None and settled.status == faspay.PaymentStatusCode.FAILED


def test_an_expired_bill_shows_no_buttons(faspay_sandbox: Sandbox, phone_page: Page) -> None:
    created = create(faspay_sandbox)
    faspay_sandbox.expire(created.trx_id)
    open_payment_page(phone_page, created)
    assert phone_page.get_by_role("button").count() == 0
    assert phone_page.locator("#outcome").inner_text().startswith("Payment expired.")
    assert phone_page.locator("#status").inner_text() == "Payment Expired"
    assert_fits_the_phone(phone_page, phone_page.locator("#outcome"))


def test_a_tampered_link_gets_a_readable_refusal(faspay_sandbox: Sandbox, phone_page: Page) -> None:
    created = create(faspay_sandbox)
    assert created.redirect_url is not None
    response = phone_page.goto(created.redirect_url.replace("bill_no=", "bill_no=X"))
    assert response is not None and response.status == 403
    assert phone_page.get_by_role("heading", name="Payment page unavailable").is_visible()
    assert phone_page.locator("#outcome").inner_text() == "Incorrect signature"
    assert phone_page.get_by_role("button").count() == 0
    assert_fits_the_phone(phone_page, phone_page.locator("#outcome"))
    settled = faspay_sandbox.transaction(created.trx_id)
    assert settled is not None and not settled.status.is_final


def test_a_shops_quotes_markup_and_non_ascii_text_show_as_written_and_go_back_intact(
    faspay_sandbox: Sandbox, phone_page: Page
) -> None:
    created = create(faspay_sandbox, bill_no=HOSTILE_BILL_NO, bill_desc=HOSTILE_DESC)
    faspay_sandbox.clear_requests()
    open_payment_page(phone_page, created)
    assert phone_page.locator("#bill").inner_text() == HOSTILE_BILL_NO
    assert phone_page.locator("#description").inner_text() == HOSTILE_DESC
    assert phone_page.locator("script").count() == 0
    assert_fits_the_phone(phone_page, phone_page.locator("#description"), phone_page.locator("#bill"))

    phone_page.get_by_role("button", name="Approve payment").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator("#headline").inner_text() == "Payment successful"
    # The form's action (escaped in the HTML) took the browser back to the same signed URL:
    # the sandbox received the bill number intact, percent-encoded UTF-8.
    posts = [r for r in faspay_sandbox.requests() if r.method == "POST"]
    assert len(posts) == 1
    assert posts[0].body == b"decision=approve"
    assert dict(urllib.parse.parse_qsl(posts[0].query))["bill_no"] == HOSTILE_BILL_NO
    assert "bill_no=Q%22%3C%26%27%C3%A9-" in posts[0].query
    settled = faspay_sandbox.transaction(created.trx_id)
    assert settled is not None and settled.status.is_paid and settled.bill_no == HOSTILE_BILL_NO


class Shop:
    """The shop's return page on a loopback port, recording each URL the browser opened."""

    def __init__(self) -> None:
        self.arrived: List[str] = []
        self.server = LoopbackServer(self.thanks)
        self.base_url = self.server.base_url

    def thanks(self, method: str, path: str, content_type: Optional[str], body: bytes) -> Answer:
        self.arrived.append(f"{self.base_url}{path}")
        return 200, "text/html", b"<!DOCTYPE html><title>Thanks</title><h1>Thanks</h1>"

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def shop() -> Iterator[Shop]:
    shop = Shop()
    yield shop
    shop.close()


def test_after_approving_the_browser_returns_to_the_shop_with_a_signed_query(
    shop: Shop, phone_page: Page
) -> None:
    with Sandbox(return_url=f"{shop.base_url}/thanks") as sandbox:
        created = create(sandbox)
        open_payment_page(phone_page, created)
        with phone_page.expect_navigation(url=f"{shop.base_url}/thanks?**"):
            phone_page.get_by_role("button", name="Approve payment").click()
        assert phone_page.title() == "Thanks"
        returns = [url for url in shop.arrived if "/thanks?" in url]  # not /favicon.ico
        assert returns == [phone_page.url]
        info = sandbox.client().verify_return(returns[0])
        assert info.trx_id == created.trx_id and info.bill_no == created.bill_no
        assert info.status.is_paid


def test_the_readme_shows_a_small_phone_screenshot_of_the_payment_page(
    faspay_sandbox: Sandbox, faspay_browser: Browser
) -> None:
    created = create(faspay_sandbox, bill_total=1250000, bill_desc="Kopi susu x 50")
    page = faspay_browser.new_page(phone=True, device_scale_factor=1)
    try:
        open_payment_page(page, created)
        shot = save_screenshot(page, "readme-payment-page", full_page=False)
    finally:
        page.context.close()
    assert png_size(shot) == (375, 740)
    if os.environ.get("FASPAY_UPDATE_README_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, README_SCREENSHOT)
    assert png_size(README_SCREENSHOT) == (375, 740)
    assert README_SCREENSHOT.stat().st_size < 100_000
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/img/sandbox-payment-page.png)" in readme

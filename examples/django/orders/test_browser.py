"""The customer's side of the checkout in a real browser (Debian's Chromium through
Playwright, ``faspay.browser_testing``): the shop on Django's live server, Faspay's payment
page on the in-process sandbox, which then sends the browser back to the shop's return page
and delivers the notification to the shop's endpoint."""

from __future__ import annotations

import os
import pathlib
from typing import TYPE_CHECKING, Optional

from django.test import LiveServerTestCase, override_settings

import faspay
from faspay.browser_testing import Browser, horizontal_overflow, save_screenshot
from faspay.testing import Sandbox

from . import oracle_checks
from .models import Order

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Playwright's synchronous API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the test makes between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault(
    "FASPAY_SCREENSHOT_DIR",
    str(pathlib.Path(__file__).resolve().parents[3] / "target" / "screenshots"),
)

NEVER_ANSWERS = "081234567999"  # no push answer: the customer pays on Faspay's page
WAIT_MS = 20_000  # generous: the return page reloads every 2 s until the event is stored


class CheckoutInTheBrowserTest(LiveServerTestCase):
    browser: Browser

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.browser = Browser()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        super().tearDownClass()

    def setUp(self) -> None:
        self.sandbox = Sandbox(
            notify_url=f"{self.live_server_url}/faspay/notify/",
            return_url=f"{self.live_server_url}/orders/return/",
        )
        self.addCleanup(self.sandbox.close)
        self.addCleanup(oracle_checks.check_sandbox, self.sandbox)
        override = override_settings(
            FASPAY={
                "merchant_id": self.sandbox.merchant_id,
                "merchant_name": self.sandbox.merchant_name,
                "user_id": self.sandbox.user_id,
                "password": self.sandbox.password,
                "base_url": self.sandbox.base_url,
            }
        )
        override.enable()
        self.addCleanup(override.disable)
        self.page: Page = self.browser.new_page(phone=True)
        self.addCleanup(self.page.context.close)

    def checkout_on_faspays_page(self) -> Order:
        """The customer fills in the shop's form and lands on Faspay's payment page."""
        from playwright.sync_api import expect

        page = self.page
        page.goto(f"{self.live_server_url}/")
        self.assertEqual(horizontal_overflow(page), 0)
        page.get_by_label("Name").fill("Budi")
        page.get_by_label("OVO number").fill(NEVER_ANSWERS)
        page.get_by_role("button", name="Pay on Faspay's page").click()
        page.wait_for_url(f"{self.sandbox.base_url}/pws/100003/**")
        order = Order.objects.get()
        expect(page.locator("body")).to_contain_text(order.bill_no)
        expect(page.locator("body")).to_contain_text("Rp 15.000")
        return order

    def expect_status(self, code: int, text: str, name: Optional[str] = None) -> None:
        from playwright.sync_api import expect

        status = self.page.locator("#status")
        expect(status).to_have_attribute("data-code", str(code), timeout=WAIT_MS)
        expect(status).to_contain_text(text)
        if name:
            save_screenshot(self.page, name)

    def test_approving_on_faspays_page_shows_paid_once_the_notification_arrived(self) -> None:
        order = self.checkout_on_faspays_page()
        self.page.get_by_role("button", name="Approve payment").click()
        self.page.wait_for_url(f"{self.live_server_url}/orders/return/?**")
        self.expect_status(2, "Paid. Thank you!", "django-return-paid")
        # "paid" came from the stored, verified notification (the return URL only claims it).
        [delivery] = self.sandbox.deliveries()
        self.assertTrue(delivery.accepted, delivery.error)
        order.refresh_from_db()
        self.assertEqual(order.payment_status, faspay.PaymentStatusCode.SUCCESS)
        self.assertIsNotNone(order.paid_at)

    def test_rejecting_shows_not_paid(self) -> None:
        order = self.checkout_on_faspays_page()
        self.page.get_by_role("button", name="Reject payment").click()
        self.page.wait_for_url(f"{self.live_server_url}/orders/return/?**")
        self.expect_status(3, "Not paid", "django-return-rejected")
        order.refresh_from_db()
        self.assertEqual(order.status, 3)
        self.assertIsNone(order.paid_at)

    def test_an_expired_bill_cannot_be_paid_and_the_order_says_so(self) -> None:
        from playwright.sync_api import expect

        order = self.checkout_on_faspays_page()
        assert order.transaction is not None
        self.sandbox.expire(order.transaction.trx_id)  # the customer waited too long
        self.page.reload()
        expect(self.page.locator("body")).to_contain_text("no longer waiting for a payment")
        expect(self.page.get_by_role("button", name="Approve payment")).to_have_count(0)
        self.page.goto(f"{self.live_server_url}/orders/{order.bill_no}/")
        self.expect_status(7, "Not paid", "django-order-expired")
        order.refresh_from_db()
        self.assertEqual(order.status, 7)

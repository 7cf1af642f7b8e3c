"""The OVO push-to-pay form the SDK generates, opened in Chromium the way a shop serves it: it
submits itself (or through its button when scripts are off) and the sandbox receives exactly
the three signed fields, byte for byte."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict, List, Optional, Tuple, cast

import pytest
from playwright.sync_api import Page, Route

import faspay
from conftest import sample_bill
from loopback_http import Answer, LoopbackServer, forward
from faspay.browser_testing import Browser
from faspay.testing import Sandbox, SandboxRequest

SHOP_PAGE = "http://shop.test/checkout/pay"
OVO_NUMBER = "081234567890"

# What a shop's bill may carry: quotes, markup characters, an ampersand and non-ASCII text.
HOSTILE = {
    "bill_no": "Q\"<&'\u00e9-1",
    "bill_desc": 'Kopi "susu" <besar> & roti \u2014 \u5496\u5561',
    "cust_name": "D\u00e9d\u00e9 O'Neil <&>",
}


def serve_from_shop(page: Page, html: str) -> None:
    """Answers SHOP_PAGE with the form, as the merchant's site would (no server needed)."""

    def fulfill(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route(SHOP_PAGE, fulfill)


def push_requests(sandbox: Sandbox) -> List[SandboxRequest]:
    return [r for r in sandbox.requests() if r.path == "/pws/ovo_direct"]


def form_fields(body: bytes) -> List[Tuple[str, str]]:
    # Percent-escapes only: the browser must not have sent raw non-ASCII bytes.
    text = body.decode("ascii")
    return urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=True)


def create(sandbox: Sandbox, **bill: Any) -> faspay.CreatedTransaction:
    return sandbox.client().create_transaction(cast(faspay.Bill, sample_bill(**bill)))


def expect_signed_push(sandbox: Sandbox, trx_id: str) -> Dict[str, Any]:
    pushes = push_requests(sandbox)
    assert len(pushes) == 1, [p.path for p in sandbox.requests()]
    push = pushes[0]
    assert push.method == "POST"
    assert form_fields(push.body) == [
        ("trx_id", trx_id),
        ("ovo_number", OVO_NUMBER),
        ("signature", faspay.ovo_push_signature(sandbox.user_id, sandbox.password, trx_id)),
    ]
    assert push.response_status == 200
    answer: Dict[str, Any] = json.loads(push.response_body)
    return answer


def test_the_push_form_submits_itself_and_the_sandbox_gets_the_signed_fields(
    faspay_sandbox: Sandbox, phone_page: Page
) -> None:
    created = create(faspay_sandbox, **HOSTILE)
    html = faspay_sandbox.client().ovo_push_form(created.trx_id, OVO_NUMBER)
    faspay_sandbox.clear_requests()
    serve_from_shop(phone_page, html)

    # Nobody clicks: the page posts its form on load and the browser lands on Faspay's answer.
    with phone_page.expect_navigation(url=f"{faspay_sandbox.base_url}/pws/ovo_direct"):
        phone_page.goto(SHOP_PAGE)
    answer = expect_signed_push(faspay_sandbox, created.trx_id)
    assert answer["response_code"] == "00"
    assert answer["bill_no"] == HOSTILE["bill_no"]
    assert json.loads(phone_page.inner_text("body"))["trx_id"] == created.trx_id

    # The simulated customer approved in the OVO app: the bill with the shop's text is paid.
    settled = faspay_sandbox.transaction(created.trx_id)
    assert settled is not None
    assert settled.status.is_paid
    assert settled.bill_no == HOSTILE["bill_no"]
    assert settled.ovo_number == OVO_NUMBER


def test_without_scripts_the_push_form_shows_a_button_that_posts_the_same_fields(
    faspay_sandbox: Sandbox, faspay_browser: Browser
) -> None:
    created = create(faspay_sandbox, **HOSTILE)
    html = faspay_sandbox.client().ovo_push_form(created.trx_id, OVO_NUMBER)
    faspay_sandbox.clear_requests()
    page = faspay_browser.new_page(phone=True, java_script_enabled=False)
    try:
        serve_from_shop(page, html)
        page.goto(SHOP_PAGE)
        assert push_requests(faspay_sandbox) == []  # nothing leaves before the click
        button = page.get_by_role("button", name="Continue to OVO")
        assert button.is_visible()
        with page.expect_navigation(url=f"{faspay_sandbox.base_url}/pws/ovo_direct"):
            button.click()
        assert expect_signed_push(faspay_sandbox, created.trx_id)["response_code"] == "00"
    finally:
        page.context.close()


def test_a_base_url_with_quotes_markup_and_non_ascii_is_where_the_browser_posts(
    faspay_sandbox: Sandbox, phone_page: Page
) -> None:
    """Faspay behind the shop's own gateway, mounted at a path with every character the form's
    action attribute must escape: the browser posts to exactly that path."""
    prefix = "/gate&'\"<\u00e9>"
    arrived: List[Tuple[str, str]] = []

    def gateway(method: str, path: str, content_type: Optional[str], body: bytes) -> Answer:
        arrived.append((method, path))
        decoded = urllib.parse.unquote(path)
        if not decoded.startswith(prefix + "/"):
            return 404, "text/plain", b"not under the gateway's prefix"
        return forward(faspay_sandbox.base_url, method, decoded[len(prefix) :], content_type, body)

    with LoopbackServer(gateway) as server:
        created = create(faspay_sandbox)
        client = faspay_sandbox.client(base_url=server.base_url + prefix)
        html = client.ovo_push_form(created.trx_id, OVO_NUMBER)
        assert prefix not in html  # escaped, not pasted
        faspay_sandbox.clear_requests()
        serve_from_shop(phone_page, html)
        with phone_page.expect_navigation(url=f"{server.base_url}/**"):
            phone_page.goto(SHOP_PAGE)
        posts = [(m, urllib.parse.unquote(p)) for m, p in arrived if m == "POST"]
        assert posts == [("POST", prefix + "/pws/ovo_direct")]
        assert expect_signed_push(faspay_sandbox, created.trx_id)["response_code"] == "00"


@pytest.mark.parametrize("ovo_number", ['0812"34', "0812<34>&", "08123456\u00e9", ""])
def test_values_that_could_break_the_form_are_refused_before_any_html(
    faspay_sandbox: Sandbox, ovo_number: str
) -> None:
    created = create(faspay_sandbox)
    with pytest.raises(faspay.ValidationError) as refused:
        faspay_sandbox.client().ovo_push_form(created.trx_id, ovo_number)
    assert refused.value.code == "INVALID_ARGUMENT"
    assert refused.value.field == "ovo_number"

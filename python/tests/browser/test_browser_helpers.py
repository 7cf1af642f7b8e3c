"""faspay.browser_testing itself: the phone page is a phone, the overflow probe sees a page too
wide for it, screenshots land where the tests say."""

from __future__ import annotations

import pathlib
import struct

import pytest
from playwright.sync_api import Page

from faspay.browser_testing import PHONE, horizontal_overflow, save_screenshot


def png_size(path: pathlib.Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_the_phone_page_has_a_phone_viewport_and_touch(phone_page: Page) -> None:
    # Like a phone, it lays out a page without a viewport meta tag at desktop width.
    phone_page.set_content("<p>hi</p>")
    assert phone_page.evaluate("() => innerWidth") > 900
    phone_page.set_content('<meta name="viewport" content="width=device-width"><p>hi</p>')
    assert phone_page.evaluate("() => [innerWidth, innerHeight]") == [375, 740]
    assert phone_page.evaluate("() => navigator.maxTouchPoints > 0") is True
    assert phone_page.viewport_size == PHONE


def test_overflow_is_zero_for_a_fluid_page_and_counts_the_excess_of_a_wide_one(
    phone_page: Page,
) -> None:
    phone_page.set_content(
        '<meta name="viewport" content="width=device-width"><p>fits on any screen</p>'
    )
    assert horizontal_overflow(phone_page) == 0
    phone_page.set_content(
        '<meta name="viewport" content="width=device-width">'
        '<body style="margin:0"><div style="width:600px">too wide</div></body>'
    )
    assert horizontal_overflow(phone_page) == 600 - 375


def test_screenshots_are_pngs_in_the_screenshot_dir(
    phone_page: Page, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FASPAY_SCREENSHOT_DIR", str(tmp_path / "shots"))
    phone_page.set_content('<meta name="viewport" content="width=device-width"><p>x</p>')
    path = save_screenshot(phone_page, "helper-check", full_page=False)
    assert path == tmp_path / "shots" / "helper-check.png"
    assert png_size(path) == (375 * 2, 740 * 2)  # device scale 2
    with pytest.raises(ValueError):
        save_screenshot(phone_page, "../escape")

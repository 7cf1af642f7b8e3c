"""A real browser for checkout tests: the system's Chromium driven by Playwright (synchronous
API), with phone- and desktop-sized pages and a few checks every payment page should pass.

Needs ``pip install playwright`` and a Chromium at ``/usr/bin/chromium`` (Debian:
``apt-get install chromium``; another path through ``FASPAY_CHROMIUM``). Playwright's own
browser download is never used.

>>> from faspay.browser_testing import Browser
>>> with Browser() as browser:                              # doctest: +SKIP
...     page = browser.new_page(phone=True)                 # 375 x 740, touch, mobile
...     page.goto(created.redirect_url)
...     assert horizontal_overflow(page) == 0
...     page.get_by_role("button", name="Approve payment").click()

With pytest, ``pytest_plugins = ["faspay.browser_testing"]`` in a ``conftest.py`` provides the
fixtures ``faspay_browser`` (one Chromium per test module), ``browser_page`` (desktop) and
``phone_page``. Django's test runner: start a ``Browser`` in ``setUpClass``; Playwright's
synchronous API runs an event loop in the test thread, so such tests need
``DJANGO_ALLOW_ASYNC_UNSAFE=true`` in the environment (Playwright's advice for Django).
"""

from __future__ import annotations

import os
import pathlib
import re
from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterator, Optional, Type

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = [
    "CHROMIUM",
    "DESKTOP",
    "PHONE",
    "Browser",
    "chromium_path",
    "horizontal_overflow",
    "save_screenshot",
    "screenshot_dir",
]

CHROMIUM = "/usr/bin/chromium"
"""Where Debian's ``chromium`` package puts the browser."""

PHONE = {"width": 375, "height": 740}
"""A small phone's CSS viewport (an iPhone SE / mini class device)."""

DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str:
    """``FASPAY_CHROMIUM`` when set, else ``/usr/bin/chromium``."""
    return os.environ.get("FASPAY_CHROMIUM") or CHROMIUM


def screenshot_dir() -> pathlib.Path:
    """Where ``save_screenshot`` writes: ``FASPAY_SCREENSHOT_DIR`` when set, else
    ``screenshots`` under the current directory."""
    return pathlib.Path(os.environ.get("FASPAY_SCREENSHOT_DIR") or "screenshots")


class Browser:
    """One headless Chromium; a context manager that closes it (``close()`` does too).

    Each ``new_page`` gets its own browser context (cookies, storage), so pages of one
    ``Browser`` do not share a session."""

    def __init__(self, *, executable_path: Optional[str] = None, headless: bool = True) -> None:
        from playwright.sync_api import sync_playwright

        path = executable_path or chromium_path()
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"no Chromium at {path}: apt-get install chromium, or set FASPAY_CHROMIUM"
            )
        self._playwright = sync_playwright().start()
        try:
            # --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
            self._browser = self._playwright.chromium.launch(
                executable_path=path, headless=headless, args=["--no-sandbox"]
            )
        except BaseException:
            self._playwright.stop()
            raise
        self._closed = False

    @property
    def version(self) -> str:
        return self._browser.version

    def new_page(self, *, phone: bool = False, **context_options: Any) -> Page:
        """A page in a fresh context: desktop-sized, or with ``phone=True`` a 375 x 740
        touch screen at device scale 2 (``context_options`` go to Playwright's
        ``new_context``, e.g. ``locale="id-ID"``)."""
        options: dict[str, Any] = {"viewport": dict(PHONE if phone else DESKTOP)}
        if phone:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        options.update(context_options)
        context = self._browser.new_context(**options)
        return context.new_page()

    def close(self) -> None:
        """Closes the browser and stops Playwright (idempotent)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._browser.close()
        finally:
            self._playwright.stop()

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: nothing to scroll
    sideways, what a page must give on a phone)."""
    overflow = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    return max(0, int(overflow))


def save_screenshot(page: Page, name: str, *, full_page: bool = True) -> pathlib.Path:
    """Saves a PNG of the page as ``screenshot_dir() / f"{name}.png"`` and returns the path."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
        raise ValueError("screenshot name: letters, digits, '_', '.', '-' only")
    folder = screenshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


try:
    import pytest
except ImportError:  # pragma: no cover - pytest is only needed for the fixtures
    pass
else:

    # Module scope, not session: Playwright's synchronous API leaves its event loop set as the
    # thread's running loop while the browser is open, so asyncio.run() in later test modules
    # would fail.
    @pytest.fixture(scope="module")
    def faspay_browser() -> Iterator[Browser]:
        """One headless Chromium for the tests of one module."""
        with Browser() as browser:
            yield browser

    @pytest.fixture
    def browser_page(faspay_browser: Browser) -> Iterator[Page]:
        """A desktop-sized page in a fresh context, closed after the test."""
        page = faspay_browser.new_page()
        yield page
        page.context.close()

    @pytest.fixture
    def phone_page(faspay_browser: Browser) -> Iterator[Page]:
        """A 375 px wide touch-screen page in a fresh context, closed after the test."""
        page = faspay_browser.new_page(phone=True)
        yield page
        page.context.close()

    __all__ += ["faspay_browser", "browser_page", "phone_page"]

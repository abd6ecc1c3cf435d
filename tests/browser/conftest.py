"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against a live server.

The live server serves the very app the ``app`` fixture uses (``session_app``) on a free port of
127.0.0.1 from a daemon thread. Test data is made in the test's own thread with the usual
``build`` and ``builtins`` fixtures; the server reads it from the same database, each of its
requests in an app context of its own, and the ``app`` fixture empties every table after each
test as usual (after the test's browser contexts are closed).

Every page comes from a fresh browser context (empty cache, no cookies) at a 360 x 740 phone
viewport with touch, and records every request it makes: see ``support.traffic``.

Needs Chromium (/usr/bin/chromium, or $CHROMIUM), the Python package playwright (``dev`` extra),
java, and the npm packages axe-core and vnu-jar (``npm install`` at the repo root). Without any
of them the browser tests are skipped, except when CI=true: then they fail.
"""
from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.browser.support import (
    CHROMIUM, CHROMIUM_ARGS, PHONE, Traffic, missing_tools, remember_traffic)


@pytest.fixture(scope="session")
def browser_tools():
    """Skip the browser tests when a tool is missing; with CI=true, fail them instead."""
    missing = missing_tools()
    if missing:
        reason = "browser tests need " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true, so this fails instead of skipping)", pytrace=False)
        pytest.skip(reason)


class _QuietRequestHandler(WSGIRequestHandler):
    """Keep werkzeug's line per request out of the test output (errors are still logged)."""

    def log_request(self, code="-", size="-"):
        pass


@pytest.fixture(scope="session")
def live_server(session_app, browser_tools):
    """The test app served over HTTP on 127.0.0.1; yields its origin, e.g. http://127.0.0.1:PORT."""
    server = make_server("127.0.0.1", 0, session_app, threaded=True,
                         request_handler=_QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def live_url(app, live_server) -> str:
    """The live server's origin, for a test whose data the ``app`` fixture cleans up."""
    return live_server


@pytest.fixture(scope="session")
def playwright_driver(browser_tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Debian's Chromium, headless. (`playwright install` cannot download browsers here.)"""
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_page(browser, live_url):
    """Open a page in a fresh context (cold cache): ``new_page(javascript=True, cookies=None)``.

    Relative addresses (``page.goto("/auth/login")``) go to the live server. Every context is
    closed when the test ends.
    """
    contexts = []

    def open_page(*, javascript: bool = True, cookies: list | None = None, viewport=None):
        context = browser.new_context(
            base_url=live_url, viewport=dict(viewport or PHONE), is_mobile=True, has_touch=True,
            java_script_enabled=javascript, locale="en-GB", timezone_id="Europe/London")
        contexts.append(context)
        context.set_default_timeout(10_000)
        recorder = Traffic(origin=live_url)
        recorder.listen(context)
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        remember_traffic(page, recorder)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A phone-sized page (360 x 740, touch) with JavaScript on."""
    return new_page(javascript=True)


@pytest.fixture
def page_no_js(new_page):
    """A phone-sized page (360 x 740, touch) with JavaScript switched off."""
    return new_page(javascript=False)

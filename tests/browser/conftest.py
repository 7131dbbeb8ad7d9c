"""Real headless Chromium (Debian's `chromium`, driven by Playwright) against the widget demo.

`stack` (a real Rasa + action server, tests/conftest.py) is shared with the integration tests;
the browser tests use its SQLite variant only. `echo_site` is a model-free Rasa
(tests/widget/echo_rasa.py) for what does not need the trained model.
These tests fail, never skip, when Chromium, node_modules or the model are missing.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.config import PROJECT_ROOT
from support.rasa_stack import RasaStack, free_port
from widget.echo import OUR_CHANNEL, start_echo_rasa, stop

from .widget_page import WidgetPage

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """One Chromium per test. Not per session: Playwright's sync API keeps an asyncio loop
    running in the main thread while it is alive, which breaks every async test after it."""
    if not CHROMIUM.exists():
        raise RuntimeError("Chromium missing: apt-get update && apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        raise RuntimeError("axe-core missing: run `npm ci` in the project root")
    return AXE.read_text()


def start_widget_site(rasa_url: str, log: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """`python -m bot.web` as the supervisor starts it, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.web", "--port", str(port), "--rasa-url", rasa_url],
        cwd=PROJECT_ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bot.web exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return url, process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"bot.web not ready:\n{log.read_text()}")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def stack_site(stack: RasaStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, process = start_widget_site(stack.rasa_url, tmp_path_factory.mktemp("web") / "web.log")
    yield url
    stop_process(process)


@pytest.fixture(scope="session")
def echo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("echo-web")
    rasa = start_echo_rasa(OUR_CHANNEL, workdir / "rasa.log")
    try:
        url, process = start_widget_site(rasa.url, workdir / "web.log")
        yield url
        stop_process(process)
    finally:
        stop(rasa)


@pytest.fixture
def open_widget_page(chromium: Browser) -> Iterator[Callable[..., WidgetPage]]:
    """Opens the demo page in a fresh browser context (its own localStorage) per call."""
    contexts = []

    def open_page(url: str, **context_options: object) -> WidgetPage:
        options = {"viewport": DESKTOP, "locale": "nl-NL", **context_options}
        context = chromium.new_context(**options)
        contexts.append(context)
        page: Page = context.new_page()
        widget = WidgetPage(page)
        page.goto(url)
        widget.wait_until_mounted()
        return widget

    yield open_page
    for context in contexts:
        context.close()

"""The widget and the vendored socket.io client in Chromium against a model-free Rasa.

What does not depend on the trained model: the real socket.io handshake over websocket,
rendering of bot text, links and url buttons, the JavaScript helpers.
"""

from __future__ import annotations

from typing import Callable

import pytest

from bot.config import PROJECT_ROOT

from .widget_page import SHADOW, WidgetPage

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"


def test_vendored_client_is_the_npm_file() -> None:
    vendored = (PROJECT_ROOT / "web" / "vendor" / "socket.io.min.js").read_bytes()
    installed = PROJECT_ROOT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
    assert installed.exists(), "run `npm ci`"
    assert vendored == installed.read_bytes(), "copy node_modules/socket.io-client/dist/socket.io.min.js to web/vendor/"


def test_real_handshake_over_websocket(echo_site: str, open_widget_page: Callable[..., WidgetPage]) -> None:
    widget = open_widget_page(echo_site)
    widget.open_with_keyboard()
    assert widget.send("hoi")[-1] == "Je zei: hoi"
    assert widget.page.evaluate("() => window.__stapwijzerWidget.transport()") == "socketio"
    widget.page.wait_for_function("() => window.__stapwijzerWidget.connection() === 'websocket'", timeout=10_000)
    session_id = widget.page.evaluate("() => localStorage.getItem('stapwijzer.session')")
    assert session_id.startswith("web-") and len(session_id) == 36
    assert widget.page_errors == []


def test_bot_text_links_and_url_buttons_are_safe(echo_site: str, open_widget_page: Callable[..., WidgetPage]) -> None:
    widget = open_widget_page(echo_site)
    widget.open_with_keyboard()
    message = f"{XSS} javascript:alert(2) en https://www.113.nl/chat."
    texts = widget.send(message)
    assert texts[-1] == f"Je zei: {message}"
    links = widget.page.evaluate(
        f"""() => Array.from({SHADOW}.querySelectorAll('.sw-log a')).map(a =>
            [a.getAttribute('href'), a.target, a.rel, a.firstChild.textContent])"""
    )
    # the user's and the bot's copy of the URL, then the url button; the trailing dot stays text
    assert links == [
        ["https://www.113.nl/chat", "_blank", "noopener noreferrer", "https://www.113.nl/chat"],
        ["https://www.113.nl/chat", "_blank", "noopener noreferrer", "https://www.113.nl/chat"],
        ["https://www.113.nl/", "_blank", "noopener noreferrer", "Chat met 113"],
    ]
    assert widget.image_count() == 0
    assert widget.dialogs == []


def test_new_conversation_forgets_this_device(echo_site: str, open_widget_page: Callable[..., WidgetPage]) -> None:
    widget = open_widget_page(echo_site)
    widget.open_with_keyboard()
    widget.send("eerste gesprek")
    old_id = widget.page.evaluate("() => localStorage.getItem('stapwijzer.session')")
    widget.page.locator(".sw-reset").click()
    assert widget.transcript() == []
    assert widget.send("tweede gesprek")[-1] == "Je zei: tweede gesprek"
    new_id = widget.page.evaluate("() => localStorage.getItem('stapwijzer.session')")
    assert new_id != old_id
    widget.page.reload()
    widget.page.wait_for_function(f"() => {SHADOW}.querySelectorAll('.sw-msg--user').length === 1")
    assert widget.transcript() == [("user", "tweede gesprek"), ("bot", "Je zei: tweede gesprek")]


def test_helpers(echo_site: str, open_widget_page: Callable[..., WidgetPage]) -> None:
    widget = open_widget_page(echo_site)
    result = widget.page.evaluate(
        """() => {
            const h = window.__stapwijzerWidget.helpers;
            return {
                parts: h.linkParts('zie https://113.nl, of javascript:alert(1) of ftp://x.nl'),
                badColour: h.parseHexColor('red; background:url(x)'),
                shortColour: h.parseHexColor('#AbC'),
                lowContrast: h.chooseColors('#ffff00', '#ffffff'),
                schoolColours: h.chooseColors('#6b1d1d', '#ffffff'),
                defaultContrast: h.contrastRatio('#1b4f8a', '#eef1f5'),
                restButtons: h.normalizeBotMessage({text: 't', buttons: [
                    {title: 'A', payload: '/a'},
                    {title: 'B', url: 'javascript:alert(1)'},
                    {title: 'C', url: 'https://x.nl'}]}),
            };
        }"""
    )
    assert result["parts"] == [
        {"text": "zie "},
        {"text": "https://113.nl", "href": "https://113.nl/"},
        {"text": ", of javascript:alert(1) of ftp://x.nl"},
    ]
    assert result["badColour"] is None and result["shortColour"] == "#aabbcc"
    assert result["lowContrast"] == {"primary": "#1b4f8a", "text": "#ffffff"}
    assert result["schoolColours"] == {"primary": "#6b1d1d", "text": "#ffffff"}
    assert result["defaultContrast"] >= 4.5
    assert result["restButtons"]["replies"] == [{"title": "A", "payload": "/a"}, {"title": "C", "url": "https://x.nl/"}]

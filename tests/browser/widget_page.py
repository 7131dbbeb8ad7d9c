"""The widget as a test sees it: open it, type, click, read the transcript."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Page

REPLY_TIMEOUT_MS = 30_000

# The widget lives in an open shadow root; Playwright's CSS locators pierce it, page
# JavaScript has to go through the host.
SHADOW = "document.getElementById('stapwijzer-widget').shadowRoot"
FOCUSED = f"""() => {{
    const host = document.getElementById('stapwijzer-widget');
    if (document.activeElement !== host) return document.activeElement ? document.activeElement.tagName : null;
    const inner = host.shadowRoot.activeElement;
    return inner ? (inner.id || inner.className) : null;
}}"""


class WidgetPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    # ---------- locators ----------
    @property
    def launcher(self):  # type: ignore[no-untyped-def]
        return self.page.locator(".sw-launcher")

    @property
    def panel(self):  # type: ignore[no-untyped-def]
        return self.page.locator("#sw-panel")

    @property
    def input(self):  # type: ignore[no-untyped-def]
        return self.page.locator("#sw-input")

    @property
    def choices(self):  # type: ignore[no-untyped-def]
        return self.page.locator(".sw-reply:not(.sw-reply--link)")

    def wait_until_mounted(self) -> None:
        self.launcher.wait_for(state="visible")

    def focused(self) -> str | None:
        return self.page.evaluate(FOCUSED)

    # ---------- actions ----------
    def open_with_keyboard(self, max_tabs: int = 20) -> None:
        for _ in range(max_tabs):
            self.page.keyboard.press("Tab")
            if self.focused() == "sw-launcher":
                break
        else:
            raise AssertionError(f"Tab never reached the launcher (focus: {self.focused()})")
        self.page.keyboard.press("Enter")
        self.panel.wait_for(state="visible")

    def transcript(self) -> list[tuple[str, str]]:
        """(sender, visible text) of every message after the opening text."""
        return [
            (sender, text)
            for sender, text in self.page.evaluate(
                f"""() => Array.from({SHADOW}.querySelectorAll('.sw-msg:not(.sw-msg--opening)')).map(m => {{
                    const bubble = m.querySelector('.sw-bubble').cloneNode(true);
                    bubble.querySelectorAll('.sw-sr').forEach(hidden => hidden.remove());
                    return [m.classList.contains('sw-msg--user') ? 'user' : 'bot', bubble.textContent];
                }})"""
            )
        ]

    def bot_texts(self) -> list[str]:
        return [text for sender, text in self.transcript() if sender == "bot"]

    def user_texts(self) -> list[str]:
        return [text for sender, text in self.transcript() if sender == "user"]

    def wait_for_bot_messages(self, more_than: int, settle_ms: int = 700) -> list[str]:
        """Waits for a new bot message, then until no more arrive for settle_ms."""
        self.page.wait_for_function(
            f"n => {SHADOW}.querySelectorAll('.sw-msg--bot:not(.sw-msg--opening)').length > n",
            arg=more_than, timeout=REPLY_TIMEOUT_MS,
        )
        count, stable_since = -1, time.monotonic()
        while time.monotonic() - stable_since < settle_ms / 1000:
            current = len(self.bot_texts())
            if current != count:
                count, stable_since = current, time.monotonic()
            time.sleep(0.1)
        return self.bot_texts()

    def send(self, text: str) -> list[str]:
        """Types like a student (keyboard, Enter) and returns the bot messages after the reply."""
        before = len(self.bot_texts())
        self.input.focus()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")
        return self.wait_for_bot_messages(before)

    def image_count(self) -> int:
        """<img> elements in the widget and on the page (the demo page has none)."""
        return self.page.evaluate(f"() => {SHADOW}.querySelectorAll('img').length + document.images.length")

    def scroll_transcript_to_end(self) -> None:
        self.page.evaluate(f"() => {{ const log = {SHADOW}.querySelector('.sw-log'); log.scrollTop = 1e9; }}")

    def watch_typing_indicator(self) -> None:
        self.page.evaluate(
            f"""() => {{
                window.__typingShown = false;
                const typing = {SHADOW}.querySelector('.sw-typing');
                new MutationObserver(() => {{ if (!typing.hidden) window.__typingShown = true; }})
                    .observe(typing, {{attributes: true}});
            }}"""
        )

    def typing_indicator_was_shown(self) -> bool:
        return bool(self.page.evaluate("() => window.__typingShown === true"))

    def run_axe(self, axe_source: str) -> dict[str, Any]:
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # DevTools evaluation is not bound by the demo page's CSP (script-src 'self').
            self.page.evaluate(axe_source + "\n;undefined")
        return self.page.evaluate(
            """() => axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            }).then(r => ({
                violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map(n => n.target)})),
                passes: r.passes.length,
                incomplete: r.incomplete.map(v => ({id: v.id,
                    nodes: v.nodes.map(n => [n.target.join(' > '), n.any.map(a => a.message).join('; ')])})),
            }))"""
        )

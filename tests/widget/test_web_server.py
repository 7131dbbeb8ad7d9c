"""bot.web: the static demo server for web/."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.web import RASA_URL_PLACEHOLDER, WEB_DIR, create_app, main, render_index


async def client_for(rasa_url: str) -> TestClient:
    client = TestClient(TestServer(create_app(rasa_url)))
    await client.start_server()
    return client


async def test_index_carries_the_rasa_url_and_a_strict_policy() -> None:
    client = await client_for("http://127.0.0.1:5005/")
    try:
        response = await client.get("/")
        page = await response.text()
        assert response.status == 200
        assert 'data-server-url="http://127.0.0.1:5005"' in page
        assert RASA_URL_PLACEHOLDER not in page
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "connect-src 'self' http://127.0.0.1:5005 ws://127.0.0.1:5005" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    finally:
        await client.close()


async def test_serves_the_widget_files_and_nothing_outside_web() -> None:
    client = await client_for("http://localhost:5005")
    try:
        for path, kind in [
            ("/stapwijzer-widget.js", "javascript"),
            ("/stapwijzer-widget.css", "text/css"),
            ("/vendor/socket.io.min.js", "javascript"),
            ("/privacy.html", "text/html"),
        ]:
            response = await client.get(path)
            assert response.status == 200, path
            assert kind in response.headers["Content-Type"], path
        for path in ["/../bot/config.py", "/%2e%2e/bot/config.py", "/vendor/", "/nope.html"]:
            response = await client.get(path)
            assert response.status in (403, 404), path
    finally:
        await client.close()


def test_rasa_url_is_escaped_into_the_attribute() -> None:
    page = render_index('http://x/"><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in page
    assert "&quot;&gt;&lt;script&gt;" in page


def test_loopback_is_the_default(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}
    monkeypatch.setattr("bot.web.web.run_app", lambda app, host, port, print: seen.update(host=host, port=port))
    main(["--rasa-url", "http://localhost:5005"])
    assert seen == {"host": "127.0.0.1", "port": 8080}


def test_privacy_text_states_the_retention_promises() -> None:
    text = (WEB_DIR / "privacy.html").read_text()
    for promise in ["30 dagen", "90 dagen", "verwijder mijn gegevens", "Doorstroompunt", 'lang="nl"', "chatbot"]:
        assert promise in text, promise
    assert Path(WEB_DIR / "index.html").read_text().count("<script") == 1

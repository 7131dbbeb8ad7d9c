"""Serves the widget demo (web/): `python -m bot.web [--host 127.0.0.1] [--port 8080] [--rasa-url URL]`.

index.html carries the placeholder __STAPWIJZER_RASA_URL__ in the widget's data-server-url;
this server fills in --rasa-url, so the demo talks to whichever Rasa the supervisor started.
A school embeds the widget with its own script tag and never needs this server.

Loopback only by default: this is a demo and test server, not a production web server.
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

from bot.config import PROJECT_ROOT, load_settings

WEB_DIR = PROJECT_ROOT / "web"
RASA_URL_PLACEHOLDER = "__STAPWIJZER_RASA_URL__"


def content_security_policy(rasa_url: str) -> str:
    """Only our own files run; the page may talk to Rasa over HTTP(S) and WebSocket."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    rasa_origin = f"{parts.scheme}://{parts.netloc}"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {rasa_origin} {ws_scheme}://{parts.netloc}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


def render_index(rasa_url: str, web_dir: Path = WEB_DIR) -> str:
    page = (web_dir / "index.html").read_text(encoding="utf-8")
    return page.replace(RASA_URL_PLACEHOLDER, html.escape(rasa_url, quote=True))


def create_app(rasa_url: str, web_dir: Path = WEB_DIR) -> web.Application:
    rasa_url = rasa_url.rstrip("/")
    security_headers = {
        "Content-Security-Policy": content_security_policy(rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-cache",
    }

    async def index(_: web.Request) -> web.Response:
        return web.Response(text=render_index(rasa_url, web_dir), content_type="text/html", charset="utf-8")

    @web.middleware
    async def add_headers(request: web.Request, handler):  # type: ignore[no-untyped-def]
        response = await handler(request)
        response.headers.update(security_headers)
        return response

    app = web.Application(middlewares=[add_headers])
    app.router.add_get("/", index)
    app.router.add_get("/index.html", index)
    # aiohttp's static handler refuses paths outside web_dir and does not list folders.
    app.router.add_static("/", web_dir, show_index=False, follow_symlinks=False)
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.web", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default=load_settings().rasa_url, help="Rasa server the widget talks to")
    args = parser.parse_args(argv)
    print(f"Stapwijzer widget demo: http://{args.host}:{args.port}/ (Rasa: {args.rasa_url})", flush=True)
    web.run_app(create_app(args.rasa_url), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

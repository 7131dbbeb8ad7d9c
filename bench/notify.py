"""Dispatcher throughput on SQLite: notifications/s to a local webhook receiver.

    .venv/bin/python bench/notify.py [--count 500] [--batch-size 20] [--concurrency 5]

Uses a throw-away SQLite file and a receiver on 127.0.0.1; touches nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from bot.handoffs.service import create_handoff  # noqa: E402
from bot.notify.channels import WebhookChannel  # noqa: E402
from bot.notify.dispatcher import Dispatcher, DispatcherOptions  # noqa: E402
from bot.notify.targets import NotifyTarget, TargetKind  # noqa: E402
from bot.storage.db import create_engine_for, session_factory  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402


class _Receiver(BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with _Receiver.lock:
            _Receiver.received += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=5)
    args = parser.parse_args()

    ThreadingHTTPServer.request_queue_size = 128  # the default backlog of 5 drops bursts
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"

    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(database_url)
        engine = create_engine_for(database_url)
        started = time.perf_counter()
        with session_factory(engine)() as session:
            for number in range(args.count):
                create_handoff(
                    session, sender_id=f"bench-{number}", channel="bench", region_code="RMC 7",
                    gemeente="Assen", age=18, contact_method="phone", contact_value="0612345678",
                    message=None, targets=[NotifyTarget(TargetKind.WEBHOOK, url)],
                )
        created_seconds = time.perf_counter() - started

        async def dispatch() -> tuple[float, int]:
            options = DispatcherOptions(batch_size=args.batch_size, concurrency=args.concurrency)
            dispatcher = Dispatcher(engine, {"webhook": WebhookChannel()}, options)
            try:
                began = time.perf_counter()
                stats = await dispatcher.run_until_idle()
                return time.perf_counter() - began, stats.sent
            finally:
                await dispatcher.aclose()

        seconds, sent = asyncio.run(dispatch())
        engine.dispose()
    server.shutdown()

    print(f"created {args.count} handoffs in {created_seconds:.2f} s ({args.count / created_seconds:.0f}/s)")
    print(
        f"dispatched {sent} notifications in {seconds:.2f} s: {sent / seconds:.0f} notifications/s "
        f"(batch {args.batch_size}, concurrency {args.concurrency}, receiver got {_Receiver.received})"
    )
    if sent != args.count or _Receiver.received != args.count:
        sys.exit("not every notification was delivered exactly once")


if __name__ == "__main__":
    main()

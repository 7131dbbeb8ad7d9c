"""Print how many conversations of the suite pass entirely, against a real bot it starts.

  .venv/bin/python tests/conversations/run_suite.py [--suite FILE] [--show]

Starts the action server and Rasa with the live model on a fresh SQLite database (as the
integration tests do), replays every conversation and prints the figure that
docs/conversations.md reports. The pytest version (test_conversations.py) fails on any
conversation that does not pass.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support.conversation_suite import SUITE, load_suite, run_conversation  # noqa: E402
from support.rasa_stack import RasaStack  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--show", action="store_true", help="print every failed check")
    args = parser.parse_args()
    conversations = load_suite(args.suite)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        # A catch-all target, so handoffs can be stored (no dispatcher runs: nothing is sent).
        stack = RasaStack(f"sqlite:///{workdir / 'suite.db'}", workdir,
                          extra_env={"NOTIFY_WEBHOOK_URL": "http://127.0.0.1:9/counsellors"}).start()
        try:
            results = [run_conversation(stack.send, stack.tracker, stack.database_url, c) for c in conversations]
        finally:
            stack.stop()
    passed = sum(result.passed for result in results)
    print(f"{args.suite.name}: {passed} of {len(results)} conversations pass entirely")
    failed_checks = sum(len(result.failures) for result in results)
    print(f"failed checks: {failed_checks}")
    if args.show:
        for result in results:
            for failure in result.failures:
                print(f"  {result.conversation_id}: {failure}")


if __name__ == "__main__":
    main()

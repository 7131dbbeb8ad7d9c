"""`python -m bot review export|apply`: the weekly review of what the bot misunderstood."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from bot.config import PROJECT_ROOT, VAR_DIR, load_settings

DEFAULT_DAYS = 7


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("review", help="export misunderstood messages for labelling; add labelled ones")
    commands = parser.add_subparsers(dest="review_command", required=True)

    export = commands.add_parser("export", help="write a CSV of messages the bot did not understand well")
    export.add_argument("--since", help=f"first day, e.g. 2025-03-01 (default: {DEFAULT_DAYS} days ago)")
    export.add_argument("--threshold", type=float, default=None, help="confidence below this is exported (default 0.6)")
    export.add_argument("--out", type=Path, default=None, help="CSV file (default: var/review/review-<today>.csv)")
    export.set_defaults(handler=_export)

    apply = commands.add_parser("apply", help="add the labelled rows of a review CSV to data/nlu/")
    apply.add_argument("file", type=Path)
    apply.add_argument("--dry-run", action="store_true", help="only show what would be added")
    apply.add_argument("--data", type=Path, default=PROJECT_ROOT / "data", help=argparse.SUPPRESS)
    apply.add_argument("--domain", type=Path, default=PROJECT_ROOT / "domain.yml", help=argparse.SUPPRESS)
    apply.add_argument("--held-out", type=Path, default=PROJECT_ROOT / "tests" / "nlu", help=argparse.SUPPRESS)
    apply.set_defaults(handler=_apply)


def _export(args: argparse.Namespace) -> int:
    from bot.review.export import DEFAULT_THRESHOLD, NoConversationsError, export_review_rows, parse_day, start_of_day
    from bot.review.review_file import write_review_file
    from bot.storage.db import create_engine_for

    try:
        since_day = parse_day(args.since) if args.since else date.today() - timedelta(days=DEFAULT_DAYS)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    out = args.out or VAR_DIR / "review" / f"review-{date.today().isoformat()}.csv"
    engine = create_engine_for(load_settings().database_url)
    try:
        rows = export_review_rows(engine, start_of_day(since_day), threshold)
    except NoConversationsError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    count = write_review_file(out, rows)
    shown_threshold = f"{threshold:.2f}".replace(".", ",")
    print(f"{count} berichten sinds {since_day.strftime('%d-%m-%Y')} om na te kijken (zekerheid onder {shown_threshold}).")
    print(f"Bestand: {out}")
    print("Vul de kolom 'label' in en voer daarna uit: python -m bot review apply " + _shown(out))
    return 0


def _apply(args: argparse.Namespace) -> int:
    from bot.review.apply import LabelError, apply_review_file, summary
    from bot.review.review_file import ReviewFileError

    try:
        result = apply_review_file(args.file, args.data, args.domain, args.held_out, dry_run=args.dry_run)
    except (LabelError, ReviewFileError) as error:
        print(error, file=sys.stderr)
        return 1
    print(summary(result, root=args.data.resolve().parent, dry_run=args.dry_run))
    if result.added and not args.dry_run:
        print("Train nu een nieuw model: python -m bot train")
    return 0


def _shown(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(PROJECT_ROOT)) if resolved.is_relative_to(PROJECT_ROOT) else str(path)

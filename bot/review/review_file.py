"""The review file that operators open in Excel or LibreOffice Calc.

Format (chosen for Dutch spreadsheets, documented in docs/operators.md):
- UTF-8 with a BOM, so Excel shows é, ë and emoji correctly when the file is double-clicked;
- `;` between columns: Dutch Excel uses `;` as list separator (the comma is the decimal sign),
  so the file opens in columns without an import wizard;
- numbers with a decimal comma ("0,42"), dates as YYYY-MM-DD;
- a cell that starts with = + - @ gets a leading apostrophe, so a spreadsheet never runs a
  student's message as a formula; `apply` removes it again.

Reading accepts what spreadsheets write back: `;`, `,` or tab as separator, and
Windows-1252 when Excel saved as plain "CSV" instead of "CSV UTF-8".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

COLUMNS = ("message", "predicted_intent", "predicted_label", "confidence", "reason", "date", "label")
DELIMITER = ";"
ENCODING = "utf-8-sig"
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class ReviewRow:
    message: str
    predicted_intent: str
    predicted_label: str
    confidence: float
    reason: str
    date: str
    label: str = ""


@dataclass(frozen=True)
class LabelledRow:
    line: int  # the row number the spreadsheet shows (the header is row 1)
    message: str
    label: str


def guard_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def format_confidence(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def write_review_file(path: Path, rows: Iterable[ReviewRow]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    guard_formula(row.message), row.predicted_intent, row.predicted_label,
                    format_confidence(row.confidence), row.reason, row.date, row.label,
                ]
            )
            count += 1
    return count


class ReviewFileError(ValueError):
    """The file is not a review file we can read; the message is Dutch, for the operator."""


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    counts = {candidate: header_line.count(candidate) for candidate in (";", ",", "\t")}
    return max(counts, key=lambda candidate: counts[candidate])


def read_labelled_rows(path: Path) -> list[LabelledRow]:
    """Every data row with its message and label (label may be empty)."""
    if not path.is_file():
        raise ReviewFileError(f"Het bestand {path} bestaat niet.")
    if path.suffix.lower() in {".xlsx", ".xls", ".ods"}:
        raise ReviewFileError(
            f"{path.name} is een spreadsheetbestand. Sla het op als CSV (bij Excel: 'CSV UTF-8') en probeer opnieuw."
        )
    text = _decode(path.read_bytes())
    first_line = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    if "message" not in fields or "label" not in fields:
        raise ReviewFileError(
            "In de eerste regel van het bestand missen de kolommen 'message' en/of 'label'. "
            "Gebruik het bestand dat `python -m bot review export` maakte."
        )
    reader.fieldnames = fields
    rows = []
    for index, record in enumerate(reader):
        rows.append(
            LabelledRow(
                line=index + 2,
                message=unguard_formula((record.get("message") or "").strip()),
                label=(record.get("label") or "").strip(),
            )
        )
    return rows

"""`review apply`: labelled rows go into the right data/nlu file; bad labels are refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.review.apply import (
    DATA_DIR,
    DOMAIN,
    LabelError,
    add_examples_to_text,
    apply_review_file,
    domain_intents,
    intent_files,
    summary,
)
from bot.review.review_file import ReviewRow, read_labelled_rows, write_review_file

BASICS = """version: "3.1"

# Conversation basics (topic: basics).
nlu:
- intent: greet
  examples: |
    - hoi
    - hallo
    # typed greetings with a question go to ask_capabilities

# --- a comment between intents stays here
- intent: goodbye   # short ones
  examples: |
    - doei
    - [later](tijd) dan
- intent: inform_location
  examples: |
    - [Tilburg](gemeente)
    - ik woon in [Den Bosch]{"entity": "gemeente", "value": "'s-Hertogenbosch"}
"""
ROUTES = """version: "3.1"
nlu:
- intent: bbl_info
  examples: |
    - wat is bbl
- intent: switch_program
  examples: |
    - andere opleiding
- regex: leeftijd
  examples: |
    - \\b1[5-9]\\b
"""
DOMAIN_TEXT = """version: "3.1"
intents:
  - greet
  - goodbye
  - bbl_info
  - switch_program
  - crisis
  - inform_location
"""
HELD_OUT = """version: "3.1"
nlu:
- intent: bbl_info
  examples: |
    - bbl wat is dat precies
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "basics.yml").write_text(BASICS, encoding="utf-8")
    (tmp_path / "data" / "nlu" / "routes.yml").write_text(ROUTES, encoding="utf-8")
    (tmp_path / "domain.yml").write_text(DOMAIN_TEXT, encoding="utf-8")
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "test_nlu.yml").write_text(HELD_OUT, encoding="utf-8")
    return tmp_path


def review_file(folder: Path, labelled: list[tuple[str, str]]) -> Path:
    path = folder / "review.csv"
    rows = [ReviewRow(message, "nlu_fallback", "", 0.3, "niet begrepen", "2025-03-10", label) for message, label in labelled]
    write_review_file(path, rows)
    return path


def apply(project: Path, file: Path, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return apply_review_file(file, project / "data", project / "domain.yml", project / "tests" / "nlu", dry_run=dry_run)


def examples_of(path: Path, intent: str) -> list[str]:
    block = next(b for b in yaml.safe_load(path.read_text())["nlu"] if b.get("intent") == intent)
    return [line[2:] for line in block["examples"].splitlines()]


def test_rows_go_to_the_file_that_holds_the_intent(project: Path) -> None:
    file = review_file(
        project,
        [
            ("hallo daar bot", "greet"),
            ("ik wil liever iets anders leren", "Een andere opleiding kiezen"),  # Dutch label works too
            ("fijne dag nog", " Goodbye "),
            ("geen idee wat dit is", ""),  # no label: skipped
            ("zomaar iets", "-"),
        ],
    )
    result = apply(project, file)
    basics = project / "data" / "nlu" / "basics.yml"
    routes = project / "data" / "nlu" / "routes.yml"
    assert dict(result.added) == {
        "greet": ["hallo daar bot"], "switch_program": ["ik wil liever iets anders leren"], "goodbye": ["fijne dag nog"],
    }
    assert result.files == {"greet": basics, "goodbye": basics, "switch_program": routes}
    assert result.without_label == [5, 6]
    assert examples_of(basics, "greet")[-1] == "hallo daar bot"
    assert examples_of(basics, "goodbye") == ["doei", "[later](tijd) dan", "fijne dag nog"]
    assert examples_of(routes, "switch_program") == ["andere opleiding", "ik wil liever iets anders leren"]
    text = basics.read_text()
    # comments and layout stay where people wrote them
    assert "# typed greetings with a question go to ask_capabilities\n    - hallo daar bot\n" in text
    assert "\n# --- a comment between intents stays here\n- intent: goodbye   # short ones\n" in text
    assert "- \\b1[5-9]\\b" in routes.read_text()


def test_unknown_labels_are_refused_with_rows_and_valid_names(project: Path) -> None:
    before = {p: p.read_text() for p in (project / "data" / "nlu").iterdir()}
    file = review_file(project, [("hoi", "greet"), ("wat moet ik doen", "advies"), ("xyz", "nlu_fallback")])
    with pytest.raises(LabelError) as refused:
        apply(project, file)
    message = str(refused.value)
    assert "Er is niets toegevoegd" in message
    assert "regel 3: 'advies'" in message and "regel 4: 'nlu_fallback'" in message
    assert "regel 2" not in message
    for name in ("greet", "goodbye", "bbl_info", "switch_program", "crisis"):
        assert name in message
    assert {p: p.read_text() for p in (project / "data" / "nlu").iterdir()} == before


def test_training_duplicates_and_held_out_messages_are_skipped(project: Path) -> None:
    file = review_file(
        project,
        [
            ("HOI", "greet"),  # already trained (case-insensitive)
            ("later   dan", "goodbye"),  # already trained, entity markup ignored
            ("bbl wat is  dat precies", "bbl_info"),  # in the held-out set: must stay unseen
            ("wat verdien je bij bbl", "bbl_info"),
            ("Wat verdien je bij BBL", "bbl_info"),  # twice in this file
        ],
    )
    result = apply(project, file)
    assert dict(result.added) == {"bbl_info": ["wat verdien je bij bbl"]}
    assert result.already_trained == [(2, "greet"), (3, "goodbye")]
    assert result.held_out == [4]
    assert result.repeated_in_file == [6]
    assert "bbl wat is dat precies" not in (project / "data" / "nlu" / "routes.yml").read_text()


def test_places_and_ages_must_be_marked_where_the_intent_needs_them(project: Path) -> None:
    file = review_file(
        project, [("ik woon in breda", "inform_location"), ("ik woon in [Breda](gemeente) hoor", "inform_location")]
    )
    result = apply(project, file)
    assert result.needs_entities == [(2, "inform_location")]
    assert dict(result.added) == {"inform_location": ["ik woon in [Breda](gemeente) hoor"]}
    assert "moet gemarkeerd zijn" in summary(result, project)


def test_dry_run_writes_nothing(project: Path) -> None:
    before = (project / "data" / "nlu" / "basics.yml").read_text()
    result = apply(project, review_file(project, [("hallo hallo", "greet")]), dry_run=True)
    assert result.added_count == 1
    assert (project / "data" / "nlu" / "basics.yml").read_text() == before


def test_cli_reports_per_intent(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = review_file(project, [("hallo daar bot", "greet"), ("ik wil een andere richting", "switch_program")])
    code = main(
        ["review", "apply", str(file), "--data", str(project / "data"), "--domain", str(project / "domain.yml"),
         "--held-out", str(project / "tests" / "nlu")]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2 voorbeelden toegevoegd:" in out
    assert "greet" in out and "data/nlu/basics.yml" in out and "switch_program" in out
    assert "python -m bot train" in out


def test_cli_refusal_exits_1_in_dutch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = review_file(project, [("hoi", "groet")])
    code = main(["review", "apply", str(file), "--data", str(project / "data"), "--domain", str(project / "domain.yml"),
                 "--held-out", str(project / "tests" / "nlu")])
    assert code == 1
    assert "regel 2: 'groet'" in capsys.readouterr().err


def test_what_excel_saves_back_is_read(tmp_path: Path) -> None:
    # Dutch Excel "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, no BOM, `;`.
    excel = tmp_path / "excel.csv"
    excel.write_bytes("message;predicted_intent;label\r\nc\xe9st pas g\xe9nial;greet;greet\r\n".encode("cp1252"))
    assert [(r.message, r.label) for r in read_labelled_rows(excel)] == [("cést pas génial", "greet")]
    # LibreOffice with a comma separator; a message that starts like a formula keeps its text.
    calc = tmp_path / "calc.csv"
    write_review_file(calc, [ReviewRow("-nee dat bedoel ik niet", "deny", "Nee", 0.5, "lage zekerheid", "2025-03-10", "deny")])
    assert "'-nee dat bedoel ik niet" in calc.read_text(encoding="utf-8-sig")
    records = list(csv.reader(calc.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    with calc.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=",").writerows(records)
    assert '"0,50"' in calc.read_text()
    assert [(r.message, r.label) for r in read_labelled_rows(calc)] == [("-nee dat bedoel ik niet", "deny")]


def test_block_without_trailing_newline_and_crlf_files() -> None:
    text = "nlu:\r\n- intent: greet\r\n  examples: |\r\n    - hoi\r\n    - hallo"
    updated = add_examples_to_text(text, "greet", ["hey"])
    assert updated == "nlu:\r\n- intent: greet\r\n  examples: |\r\n    - hoi\r\n    - hallo\r\n    - hey\r\n"


def test_every_intent_of_the_real_domain_has_a_data_file() -> None:
    """So `apply` can place a label for any intent an operator picks."""
    files = intent_files(DATA_DIR)
    assert [intent for intent in domain_intents(DOMAIN) if intent not in files] == []

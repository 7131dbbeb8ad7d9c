"""Add the labelled rows of a review file to the NLU training data.

Each message goes into the `examples: |` block of its intent, in the data/nlu file that
already holds that intent. The files are edited as text, not re-dumped from YAML, so
comments, order and layout stay as people wrote them; after editing, the file is parsed
again and must contain the new examples, otherwise nothing is written.

Refused (nothing written): labels that are no intent of domain.yml. Skipped: rows without a
label, duplicates of training examples, and messages of the held-out test set (tests/nlu/),
which must stay unseen or the evaluation stops meaning anything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT
from bot.intent_labels import INTENTS_WITHOUT_EXAMPLES, intent_labels
from bot.review.export import dedup_key
from bot.review.review_file import LabelledRow, read_labelled_rows

DATA_DIR = PROJECT_ROOT / "data"
DOMAIN = PROJECT_ROOT / "domain.yml"
HELD_OUT_DIR = PROJECT_ROOT / "tests" / "nlu"
NEW_INTENTS_FILE = Path("nlu") / "reviewed.yml"  # relative to the data dir
SKIP_LABELS = {"", "-"}
# "[Utrecht](gemeente)" and "[Utrecht]{"entity": "gemeente"}" count as "Utrecht".
_ENTITY_MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


class LabelError(ValueError):
    """Some labels are no intent; the message is Dutch, for the operator."""


@dataclass
class ApplyResult:
    added: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    files: dict[str, Path] = field(default_factory=dict)
    without_label: list[int] = field(default_factory=list)
    already_trained: list[tuple[int, str]] = field(default_factory=list)  # (row, intent it is under)
    held_out: list[int] = field(default_factory=list)
    repeated_in_file: list[int] = field(default_factory=list)
    needs_entities: list[tuple[int, str]] = field(default_factory=list)  # (row, intent)

    @property
    def added_count(self) -> int:
        return sum(len(texts) for texts in self.added.values())


def normalise(text: str) -> str:
    return dedup_key(_ENTITY_MARKUP.sub(r"\1", text))


def domain_intents(domain: Path) -> list[str]:
    """Intent names of domain.yml (or of every file of a domain folder), in domain order,
    without the ones nobody types (`empty_message`)."""
    names: list[str] = []
    for path in _nlu_files(domain) if domain.is_dir() else [domain]:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in content.get("intents") or []:
            name = next(iter(entry)) if isinstance(entry, dict) else str(entry)
            if name not in names and name not in INTENTS_WITHOUT_EXAMPLES:
                names.append(name)
    return names


def _nlu_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file())


def _intent_blocks(path: Path) -> list[dict]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return []
    if not isinstance(content, dict):
        return []
    return [item for item in content.get("nlu") or [] if isinstance(item, dict) and "intent" in item]


def _examples(block: dict) -> list[str]:
    examples = block.get("examples") or ""
    if isinstance(examples, str):
        return [line.strip()[2:].strip() for line in examples.splitlines() if line.strip().startswith("- ")]
    return [str(item.get("text", "")) for item in examples if isinstance(item, dict)]


def known_examples(folder: Path) -> dict[str, str]:
    """normalised text → intent, for every example under `folder`."""
    known: dict[str, str] = {}
    if not folder.exists():
        return known
    for path in _nlu_files(folder):
        for block in _intent_blocks(path):
            for text in _examples(block):
                known.setdefault(normalise(text), str(block["intent"]))
    return known


def intents_with_entities(folder: Path) -> set[str]:
    """Intents whose examples are mostly annotated, e.g. "ik woon in [Tilburg](gemeente)".

    A new example without the annotation would teach the model that the place or age in it
    is no entity, so such rows are skipped until the operator adds the annotation.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in _nlu_files(folder):
        for block in _intent_blocks(path):
            for text in _examples(block):
                counts[str(block["intent"])][0] += bool(_ENTITY_MARKUP.search(text))
                counts[str(block["intent"])][1] += 1
    return {intent for intent, (annotated, total) in counts.items() if total and annotated * 2 > total}


def intent_files(data_dir: Path) -> dict[str, Path]:
    """intent → the file that holds its examples (the first one, in name order)."""
    files: dict[str, Path] = {}
    for path in _nlu_files(data_dir):
        for block in _intent_blocks(path):
            files.setdefault(str(block["intent"]), path)
    return files


def resolve_label(label: str, intents: list[str]) -> str | None:
    """The intent a label names: its intent name or its Dutch label, case-insensitive."""
    wanted = label.strip().casefold()
    for intent in intents:
        if intent.casefold() == wanted:
            return intent
    for intent, dutch in intent_labels().items():
        if intent in intents and dutch.casefold() == wanted:
            return intent
    return None


def _unknown_label_message(problems: list[LabelledRow], intents: list[str]) -> str:
    lines = ["Er is niets toegevoegd. Deze labels zijn geen bestaande intent:"]
    lines += [f"  regel {row.line}: '{row.label}'  ({row.message[:60]})" for row in problems]
    lines.append("Gebruik een van deze namen (of het Nederlandse label erachter):")
    labels = intent_labels()
    lines += [f"  {name:26} {labels.get(name, '')}" for name in intents]
    lines.append("Laat de kolom label leeg (of zet er '-' in) als je een bericht wilt overslaan.")
    return "\n".join(lines)


# --- editing the YAML text ---------------------------------------------------------------

_INTENT_LINE = r"^(?P<indent>[ \t]*)-[ \t]+intent:[ \t]*['\"]?{name}['\"]?[ \t]*(?:#.*)?$"
_EXAMPLES_LINE = re.compile(r"^(?P<indent>[ \t]*)examples:[ \t]*\|[-+]?[ \t]*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def add_examples_to_text(text: str, intent: str, examples: list[str]) -> str:
    """`text` with `examples` appended to the `examples: |` block of `intent`."""
    lines = text.splitlines(keepends=True)
    intent_line = re.compile(_INTENT_LINE.format(name=re.escape(intent)))
    start = next((i for i, line in enumerate(lines) if intent_line.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise ValueError(f"intent {intent} not found")
    item_indent = _indent(lines[start])
    key_line = None
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#") and _indent(lines[i]) <= item_indent:
            break  # the next list item or top-level key: this intent has no examples block
        if _EXAMPLES_LINE.match(lines[i].rstrip("\r\n")):
            key_line = i
            break
    if key_line is None:
        raise ValueError(f"intent {intent} has no 'examples: |' block")
    key_indent = _indent(lines[key_line])
    block_indent = None
    last_content = key_line
    for i in range(key_line + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if _indent(lines[i]) <= key_indent:
            break
        block_indent = block_indent if block_indent is not None else _indent(lines[i])
        if _indent(lines[i]) < block_indent:
            break
        last_content = i
    prefix = " " * (block_indent if block_indent is not None else key_indent + 2)
    newline = "\r\n" if lines[key_line].endswith("\r\n") else "\n"
    if not lines[last_content].endswith(("\n", "\r")):
        lines[last_content] += newline
    new_lines = [f"{prefix}- {example}{newline}" for example in examples]
    return "".join(lines[: last_content + 1] + new_lines + lines[last_content + 1 :])


def _new_intent_text(intent: str, examples: list[str]) -> str:
    return f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {example}\n" for example in examples)


def _write_examples(path: Path, intent: str, examples: list[str]) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if any(block["intent"] == intent for block in _intent_blocks(path)):
            updated = add_examples_to_text(text, intent, examples)
        else:
            updated = text.rstrip("\n") + "\n" + _new_intent_text(intent, examples)
    else:
        header = '# Examples added by `python -m bot review apply` for intents that had no file yet.\nversion: "3.1"\nnlu:\n'
        updated = header + _new_intent_text(intent, examples)
    written = next((b for b in yaml.safe_load(updated).get("nlu") or [] if b.get("intent") == intent), None)
    if written is None or not set(examples) <= set(_examples(written)):
        raise RuntimeError(f"Could not add examples to {path} safely; nothing was written to it.")
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(updated, encoding="utf-8")
    temporary.replace(path)


def _clean_message(text: str) -> str:
    return " ".join(text.split())


def apply_review_file(
    review_file: Path,
    data_dir: Path = DATA_DIR,
    domain: Path = DOMAIN,
    held_out_dir: Path = HELD_OUT_DIR,
    dry_run: bool = False,
) -> ApplyResult:
    rows = read_labelled_rows(review_file)
    intents = domain_intents(domain)
    labelled = [row for row in rows if row.label not in SKIP_LABELS]
    unknown = [row for row in labelled if resolve_label(row.label, intents) is None]
    if unknown:
        raise LabelError(_unknown_label_message(unknown, intents))

    result = ApplyResult(without_label=[row.line for row in rows if row.label in SKIP_LABELS])
    trained = known_examples(data_dir)
    held_out = set(known_examples(held_out_dir))
    files = intent_files(data_dir)
    annotated_intents = intents_with_entities(data_dir)
    seen: set[str] = set()
    for row in labelled:
        intent = resolve_label(row.label, intents)
        assert intent is not None
        message = _clean_message(row.message)
        key = normalise(message)
        if not key:
            result.without_label.append(row.line)
        elif key in held_out:
            result.held_out.append(row.line)
        elif key in trained:
            result.already_trained.append((row.line, trained[key]))
        elif key in seen:
            result.repeated_in_file.append(row.line)
        elif intent in annotated_intents and not _ENTITY_MARKUP.search(message):
            result.needs_entities.append((row.line, intent))
        else:
            seen.add(key)
            result.added[intent].append(message)
            result.files[intent] = files.get(intent, data_dir / NEW_INTENTS_FILE)
    if not dry_run:
        for intent, examples in result.added.items():
            _write_examples(result.files[intent], intent, examples)
    return result


def summary(result: ApplyResult, root: Path = PROJECT_ROOT, dry_run: bool = False) -> str:
    labels = intent_labels()
    verb = "zou toevoegen" if dry_run else "toegevoegd"
    lines = []
    for intent, examples in sorted(result.added.items()):
        path = result.files[intent]
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        lines.append(f"  {intent:26} {len(examples):3d} {verb}  → {shown}  ({labels.get(intent, '')})")
    heading = f"{result.added_count} voorbeelden {verb}:" if result.added else f"Niets {verb}."
    lines.insert(0, heading)
    if result.without_label:
        lines.append(f"Overgeslagen zonder label: {len(result.without_label)} regels.")
    if result.already_trained:
        detail = ", ".join(f"regel {line} ({intent})" for line, intent in result.already_trained)
        lines.append(f"Overgeslagen, staat al in de trainingsdata: {detail}.")
    if result.held_out:
        detail = ", ".join(f"regel {line}" for line in result.held_out)
        lines.append(f"Overgeslagen, staat in de testset tests/nlu (die moet ongezien blijven): {detail}.")
    if result.needs_entities:
        detail = ", ".join(f"regel {line} ({intent})" for line, intent in result.needs_entities)
        lines.append(
            f"Overgeslagen, de plaats of leeftijd moet gemarkeerd zijn, zoals [Tilburg](gemeente) of "
            f"[17](leeftijd): {detail}. Pas de tekst in de kolom message aan en voer apply opnieuw uit."
        )
    if result.repeated_in_file:
        detail = ", ".join(f"regel {line}" for line in result.repeated_in_file)
        lines.append(f"Overgeslagen, dubbel in dit bestand: {detail}.")
    return "\n".join(lines)

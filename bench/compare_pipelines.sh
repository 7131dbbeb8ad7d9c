#!/usr/bin/env bash
# Cross-validates each candidate NLU pipeline in bench/pipelines/ on the training data and
# prints intent and entity figures per candidate. Slow (minutes per candidate): a benchmark,
# not a test. Usage: bench/compare_pipelines.sh [FOLDS] [pipeline.yml ...]
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-3}; shift || true
candidates=("$@"); [ ${#candidates[@]} -gt 0 ] || candidates=(bench/pipelines/*.yml)
export TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false
for config in "${candidates[@]}"; do
  name=$(basename "$config" .yml)
  out="results/cv/$name"
  start=$(date +%s)
  mkdir -p "$out"
  .venv/bin/rasa test nlu --nlu data/nlu --config "$config" --cross-validation --folds "$folds" --successes --out "$out" >"$out.log" 2>&1
  seconds=$(( $(date +%s) - start ))
  .venv/bin/python - "$out" "$name" "$seconds" <<'PY'
import json, sys
from pathlib import Path
out, name, seconds = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
intent = json.loads((out / "intent_report.json").read_text())
macro = intent["macro avg"]["f1-score"]; acc = intent.get("accuracy", 0.0)
crisis = intent.get("crisis", {}).get("recall", 0.0)
entity_files = [f for f in ("CRFEntityExtractor_report.json", "DIETClassifier_report.json") if (out / f).exists()]
entity = json.loads((out / entity_files[0]).read_text())["macro avg"]["f1-score"] if entity_files else float("nan")
print(f"{name:36} intent macro-F1 {macro:.3f}  accuracy {acc:.3f}  crisis recall {crisis:.3f}  entity macro-F1 {entity:.3f}  ({seconds} s)")
PY
done

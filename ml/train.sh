#!/usr/bin/env bash
# Retrains the tier classifier from the committed traces in one command (ml/README.md): writes ml/model/tier-model.zip,
# evaluation.json and known-sessions.csv, and regenerates the evaluation section of ml/README.md.
#   ml/train.sh [--data ml/data/traces.csv] [--out ml/model] [--seed 13] [--test-fraction 0.2]
#   ml/train.sh evaluate [--data ml/data/traces-check.csv]   scores another recording with the model file
set -euo pipefail
cd "$(dirname "$0")/.."
command=train
if [ "${1:-}" = evaluate ]; then command=evaluate; shift; fi
exec dotnet run --project ml/Orleans.DynamicDb.Ml -c Release -- "$command" "$@"

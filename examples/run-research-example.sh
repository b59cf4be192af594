#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Java research example: train, evaluate, export and verify the rain model (Tribuo logistic regression on
# examples/python-research/data/weather.csv) with `mlops run`, one command per task as a CI pipeline runs them, each
# run recorded in a SQLite store. Run after `mvn -B -q install -DskipTests` (it needs mlops-cli/target/mlops.jar and
# examples/target/examples.jar, which holds the project). Fails (exit 1) when a task fails.
set -eu
cd "$(dirname "$0")/.."
MLOPS_JAR="${MLOPS_JAR:-mlops-cli/target/mlops.jar}"
export MLOPS_JAR
work="${MLOPS_WORK_DIR:-examples/target/research}"
store="$work/runs.db"
project=examples/target/examples.jar
[ -f "$project" ] || { echo "research example: $project is missing; run mvn -B -q install -DskipTests" >&2; exit 1; }
mkdir -p "$work"

for task in train evaluate export verify; do
    printf '\n== mlops run %s\n' "$task"
    bin/mlops run "$task" --config examples/java-research/config.json --class-path "$project" \
        --store "$store" --work-dir "$work" \
        || { echo "research example: FAILED: task $task" >&2; exit 1; }
done

echo
echo "research example: trained, evaluated, exported and verified the rain model; bundle under $work/*/export/," \
    "runs recorded in $store (tables runs, run_datasets, run_metrics: readable by Python's sqlite3)"

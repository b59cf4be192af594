#!/usr/bin/env bash
# The main job, for now: pack, validate and inspect the example bundle with the mlops CLI.
# Run after `mvn -B -q install -DskipTests` (it needs mlops-cli/target/mlops.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
mlops() { java -jar mlops-cli/target/mlops.jar "$@"; }
mkdir -p examples/target
mlops pack examples/bundles/linear --zip examples/target/linear.zip
mlops validate examples/target/linear.zip
mlops inspect examples/target/linear.zip

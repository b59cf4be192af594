#!/usr/bin/env bash
# The main job: pack, validate, verify and serve predictions from the example bundles.
# Run after `mvn -B -q install -DskipTests` (it needs mlops-cli/target/mlops.jar and examples/target/examples.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
mlops() { java -jar mlops-cli/target/mlops.jar "$@"; }
mkdir -p examples/target

echo "== mlops pack / validate / inspect: the seed's Y = 2X + 1"
mlops pack examples/bundles/linear/1.0.0 --zip examples/target/linear.zip
mlops validate examples/target/linear.zip
mlops inspect examples/target/linear.zip

echo "== mlops verify: load into ONNX Runtime and run every adequacy case"
mlops verify examples/target/linear.zip
mlops verify examples/bundles/weather/1.1.0

echo "== mlops predict: JSONL requests in, JSONL outputs out (the last request is outside the envelope)"
mlops predict examples/target/linear.zip --input examples/requests/linear.jsonl || echo "(exit $?: a request was refused, as it should be)"

echo "== application code: the Java examples"
java -cp examples/target/examples.jar dev.mlops.examples.LinearExample 1 2 3.5
java -cp examples/target/examples.jar dev.mlops.examples.WeatherExample Jerusalem 20 80
java -cp examples/target/examples.jar dev.mlops.examples.WeatherExample Beit-Shemesh 120 50

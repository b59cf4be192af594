#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The main job: pack, validate, verify and serve predictions from the example bundles, then say what it proved.
# Run after `mvn -B -q install -DskipTests` (it needs mlops-cli/target/mlops.jar and examples/target/examples.jar).
# Fails (exit 1) when a step fails or the result is not the one expected.
set -euo pipefail
cd "$(dirname "$0")/.."
export MLOPS_JAR="${MLOPS_JAR:-mlops-cli/target/mlops.jar}"
mlops() { bin/mlops "$@"; }
step() { printf '\n== %s\n' "$*"; }
fail() { echo "main job: FAILED: $*" >&2; exit 1; }
mkdir -p examples/target

bundles=(linear/1.0.0 weather/1.1.0)
cases=0
for b in "${bundles[@]}"; do
    zip="examples/target/${b%%/*}.zip"
    step "mlops pack + validate $b: write manifest.json and $zip, then check the zip"
    mlops pack "examples/bundles/$b" --zip "$zip"
    mlops validate "$zip"
done

step "mlops inspect: load the seed's Y = 2X + 1 into ONNX Runtime (the first load of its native library takes a few seconds)"
mlops inspect examples/target/linear.zip

for b in "${bundles[@]}"; do
    zip="examples/target/${b%%/*}.zip"
    step "mlops verify $b: load it into ONNX Runtime and run every adequacy case"
    verified=$(mlops verify "$zip")
    echo "$verified"
    n=$(sed -n 's/.*, \([0-9][0-9]*\) adequacy cases passed.*/\1/p' <<<"$verified")
    [[ -n "$n" ]] || fail "verify $b did not report its cases"
    cases=$((cases + n))
done

step "mlops predict: JSONL requests in, JSONL outputs out (the last request is outside the envelope)"
predicted=0
mlops predict examples/target/linear.zip --input examples/requests/linear.jsonl \
    > examples/target/predictions.jsonl || predicted=$?
cat examples/target/predictions.jsonl
served=$(grep -c '"outputs"' examples/target/predictions.jsonl || true)
refused=$(grep -c '"EnvelopeViolationException"' examples/target/predictions.jsonl || true)
[[ "$predicted" == 2 && "$refused" == 1 ]] \
    || fail "predict should refuse exactly 1 request (exit 2); it exited $predicted and refused $refused"
echo "(exit 2: a request was refused, as it should be)"

step "application code: the Java examples (each starts a JVM and loads ONNX Runtime)"
java -cp examples/target/examples.jar dev.mlops.examples.LinearExample 1 2 3.5
java -cp examples/target/examples.jar dev.mlops.examples.WeatherExample Jerusalem 20 80
java -cp examples/target/examples.jar dev.mlops.examples.WeatherExample Beit-Shemesh 120 50

echo
echo "main job: packed, validated and verified ${#bundles[@]} bundles ($cases adequacy cases passed), served $served prediction" \
    "requests, refused $refused out-of-envelope request; the Java examples ran"

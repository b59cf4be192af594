#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Trains a small PyTorch rain model on synthetic weather data and writes a verified mlops bundle.

Steps: read (or first generate) the seeded weather CSV; train a small network, seeded and deterministic; measure it
on a held-out split; export ONNX; write metadata.json (checked against the published JSON Schema) and config.json;
compute the adequacy cases with the EXPORTED model (ONNX Runtime, through `mlops predict`), refusing the export when
they disagree with torch; then `mlops pack` and `mlops verify`. The bundle appears at --out only when every step
passed: it is built in a temporary folder next to it and renamed at the end.

Needs Debian's python3-torch (run with /usr/bin/python3) and the mlops CLI: $MLOPS (a command), else the
repository's bin/mlops with mlops-cli/target/mlops.jar built (mvn -B -pl mlops-cli -am package -DskipTests).
"""

import argparse
import csv
import datetime
import decimal
import hashlib
import io
import json
import math
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
AREAS = ["Jerusalem", "Hebron", "Beit-Shemesh"]
FEATURES = ["celsius", "humidity"] + [f"area={a}" for a in AREAS]
DATASET = "weather-synthetic"
# The training configuration: written to config.json, hashed into provenance.configSha256.
CONFIG = {
    "data": {"seed": 20240601, "rowsPerArea": 200, "testFraction": 0.25},
    "model": {"hidden": 8},
    "train": {"seed": 7, "epochs": 400, "learningRate": 0.05},
    "evaluation": {"threshold": 0.5},
}
TOLERANCE = {"absolute": 1e-5, "relative": 1e-4}
ENVELOPE = {"celsius": (-20.0, 50.0), "humidity": (0.0, 100.0)}


class Failure(Exception):
    """A step failed; the message says which and why."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "export",
                        help="bundle directory to write (replaced when every step passed; default: export/)")
    parser.add_argument("--data", type=Path, default=HERE / "data" / "weather.csv",
                        help="weather CSV; generated from the configured seed when the file does not exist")
    parser.add_argument("--version", default="1.0.0", help="model version, MAJOR.MINOR.PIPELINE")
    parser.add_argument("--store", default=os.environ.get("MLOPS_STORE"),
                        help="run store to record the export in (jdbc:sqlite:FILE, jdbc:postgresql://..., or a"
                             " path); default: $MLOPS_STORE; none: not recorded")
    args = parser.parse_args()
    try:
        run(args.out.resolve(), args.data.resolve(), args.version, args.store)
    except Failure as e:
        print(f"train.py: {e}", file=sys.stderr)
        sys.exit(1)


def run(out, data, version, store=None):
    mlops = find_mlops()
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_bytes(generate_csv(CONFIG["data"]))
        print(f"generated {data}")
    rows = read_csv(data)
    data_sha256 = hashlib.sha256(data.read_bytes()).hexdigest()
    train_rows, test_rows = split(rows, CONFIG["data"])

    # 1. Train, deterministically: fixed seeds, one thread, deterministic algorithms.
    torch.manual_seed(CONFIG["train"]["seed"])
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    model = RainModel(tensor(train_rows), CONFIG["model"]["hidden"])
    fit(model, train_rows, CONFIG["train"])
    metrics = evaluate(model, test_rows, CONFIG["evaluation"]["threshold"])
    print("held-out metrics: " + ", ".join(f"{k} {v:.4f}" for k, v in metrics.items()))

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        bundle = work / "bundle"
        (bundle / "adequacy").mkdir(parents=True)
        # 2. Export ONNX with a dynamic batch axis.
        model.eval()
        torch.onnx.export(model, torch.zeros(1, len(FEATURES)), str(bundle / "model.onnx"),
                          input_names=["features"], output_names=["rain_probability"],
                          dynamic_axes={"features": {0: "batch"}, "rain_probability": {0: "batch"}},
                          opset_version=13)
        # 3. metadata.json and config.json.
        (bundle / "config.json").write_text(json.dumps(CONFIG, indent=2) + "\n")
        metadata = make_metadata(version, metrics, data_sha256, canonical_sha256(CONFIG))
        schema = json.loads(cli(mlops, "schema", capture=True))
        check_schema(metadata, schema)
        write_json(bundle / "metadata.json", metadata)
        # 4. Adequacy cases from the exported model. torch's outputs go in first as provisional expectations: ONNX
        # Runtime runs them when mlops predict opens the bundle, so an export that disagrees with torch beyond the
        # tolerance is refused there. The final cases hold what ONNX Runtime computed.
        inputs = adequacy_inputs(test_rows)
        with torch.no_grad():
            torch_outputs = [model(torch.tensor(x)).tolist() for _, x in inputs]
        write_cases(bundle / "adequacy" / "cases.jsonl", inputs, torch_outputs)
        cli(mlops, "pack", str(bundle))
        requests = work / "requests.jsonl"
        requests.write_text("".join(json.dumps({"id": i, "inputs": {"features": tensor_json(x)}}) + "\n"
                                    for i, x in inputs))
        try:
            answers = cli(mlops, "predict", str(bundle), "--input", str(requests), "--json", capture=True)
        except Failure as e:
            raise Failure(f"the exported ONNX model disagrees with torch beyond {TOLERANCE}, or cannot run: {e}")
        onnx_outputs = [json.loads(line)["outputs"]["rain_probability"]["data"] for line in answers.splitlines()]
        compare(inputs, torch_outputs, onnx_outputs)
        write_cases(bundle / "adequacy" / "cases.jsonl", inputs,
                    [[onnx[i:i + 1] for i in range(len(onnx))] for onnx in onnx_outputs])
        # 5. Manifest, then the whole contract: integrity, schema, graph, every adequacy case.
        cli(mlops, "pack", str(bundle))
        cli(mlops, "verify", str(bundle))
        if out.exists():
            shutil.rmtree(out)
        bundle.rename(out)
        # 6. Record the export in the run store, beside the Java side's runs: metrics, dataset hashes, config hash,
        #    build id and delivery id, read back from the bundle itself.
        if store:
            cli(mlops, "runs", "record", str(out), "--store", store)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {out}")


# --- data -------------------------------------------------------------------------------------------------------

def generate_csv(cfg):
    """Synthetic hourly weather: temperature and humidity by area, and whether it rained within the hour."""
    rng = random.Random(cfg["seed"])  # Python's generator: the same numbers on every platform and version
    climate = {"Jerusalem": (17.0, 0.0), "Hebron": (14.0, 0.4), "Beit-Shemesh": (21.0, -0.5)}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["area", "celsius", "humidity", "rain"])
    for area in AREAS:
        mean_c, wetness = climate[area]
        for _ in range(cfg["rowsPerArea"]):
            celsius = round(rng.gauss(mean_c, 6.0), 1)
            humidity = round(min(100.0, max(5.0, rng.gauss(60.0, 20.0))), 1)
            logit = 0.09 * (humidity - 70.0) - 0.12 * (celsius - mean_c) + wetness
            rain = 1 if rng.random() < 1.0 / (1.0 + math.exp(-logit)) else 0
            w.writerow([area, f"{celsius:.1f}", f"{humidity:.1f}", rain])
    return out.getvalue().encode("utf-8")


def read_csv(path):
    """Rows of (features, label); features as the model's input: celsius, humidity, area one-hot."""
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["area", "celsius", "humidity", "rain"]:
            raise Failure(f"{path}: header {reader.fieldnames}, expected ['area', 'celsius', 'humidity', 'rain']")
        rows = []
        for n, r in enumerate(reader, start=2):
            if r["area"] not in AREAS:
                raise Failure(f"{path}: line {n}: area {r['area']!r} is not one of {AREAS}")
            one_hot = [1.0 if r["area"] == a else 0.0 for a in AREAS]
            rows.append(([float(r["celsius"]), float(r["humidity"])] + one_hot, float(r["rain"])))
    return rows


def split(rows, cfg):
    order = list(range(len(rows)))
    random.Random(cfg["seed"] + 1).shuffle(order)
    n_test = int(len(rows) * cfg["testFraction"])
    return [rows[i] for i in order[n_test:]], [rows[i] for i in order[:n_test]]


def tensor(rows):
    return torch.tensor([x for x, _ in rows], dtype=torch.float32)


# --- model ------------------------------------------------------------------------------------------------------

class RainModel(torch.nn.Module):
    """Probability of rain within the hour; scales celsius and humidity itself, so the ONNX file takes raw values."""

    def __init__(self, x, hidden):
        super().__init__()
        self.register_buffer("mean", x.mean(dim=0) * torch.tensor([1.0, 1.0, 0.0, 0.0, 0.0]))
        self.register_buffer("std", x.std(dim=0) * torch.tensor([1.0, 1.0, 0.0, 0.0, 0.0])
                             + torch.tensor([0.0, 0.0, 1.0, 1.0, 1.0]))
        self.net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.Tanh(),
                                       torch.nn.Linear(hidden, 1), torch.nn.Sigmoid())

    def forward(self, features):
        return self.net((features - self.mean) / self.std)


def fit(model, rows, cfg):
    x, y = tensor(rows), torch.tensor([[label] for _, label in rows])
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["learningRate"])
    loss_fn = torch.nn.BCELoss()
    for _ in range(cfg["epochs"]):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()


def evaluate(model, rows, threshold):
    with torch.no_grad():
        p = model(tensor(rows)).squeeze(1).tolist()
    y = [label for _, label in rows]
    eps = 1e-7
    logloss = -sum(t * math.log(max(q, eps)) + (1 - t) * math.log(max(1 - q, eps)) for q, t in zip(p, y)) / len(y)
    accuracy = sum((q >= threshold) == (t == 1.0) for q, t in zip(p, y)) / len(y)
    return {"auc": auc(p, y), "accuracy": accuracy, "logloss": logloss}


def auc(scores, labels):
    """Area under the ROC curve: the chance that a rainy hour scores above a dry one (ties count half)."""
    pos = [s for s, t in zip(scores, labels) if t == 1.0]
    neg = [s for s, t in zip(scores, labels) if t == 0.0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


# --- metadata and cases -----------------------------------------------------------------------------------------

def make_metadata(version, metrics, data_sha256, config_sha256):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    provenance = {"trainEndTime": now,
                  "datasets": [{"name": DATASET, "version": f"seed-{CONFIG['data']['seed']}", "sha256": data_sha256}],
                  "framework": {"name": "torch", "version": torch.__version__},
                  "configSha256": config_sha256}
    provenance.update(git_provenance())
    low, high = ENVELOPE["celsius"]
    return {
        "schemaVersion": "1.0",
        "name": "rain-torch",
        "version": version,
        "description": "Chance of rain within the hour from temperature, humidity and area; trained with PyTorch"
                       " by examples/python-research/train.py.",
        "author": "python-research example",
        "createdAt": now,
        "modelType": "classification",
        "artifact": {"format": "onnx", "path": "model.onnx"},
        "inputs": [{"name": "features", "dtype": "float32", "shape": [-1, len(FEATURES)],
                    "dimNames": ["batch", "feature"], "features": FEATURES}],
        "outputs": [{"name": "rain_probability", "dtype": "float32", "shape": [-1, 1], "dimNames": ["batch", "p"],
                     "range": {"min": 0, "max": 1}}],
        "capabilities": {"area": AREAS},
        "constraints": [
            {"input": "features", "feature": "celsius", "min": low, "max": high, "action": "reject",
             "message": f"trained on {low:g} to {high:g} C only"},
            {"input": "features", "feature": "humidity", "min": ENVELOPE["humidity"][0],
             "max": ENVELOPE["humidity"][1], "action": "reject", "message": "humidity is a percentage"},
        ] + [{"input": "features", "feature": f"area={a}", "min": 0, "max": 1, "action": "reject",
              "message": "area columns are one-hot: 0 or 1"} for a in AREAS],
        "adequacy": {"cases": "adequacy/cases.jsonl", "tolerance": TOLERANCE},
        "metrics": [{"name": k, "value": round(v, 6), "dataset": DATASET, "split": "test"}
                    for k, v in metrics.items()],
        "provenance": provenance,
    }


def git_provenance():
    """The commit and branch of this script's repository, when git and a repository are there."""
    def git(*a):
        r = subprocess.run(["git", "-C", str(HERE), *a], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""
    try:
        commit, branch = git("rev-parse", "HEAD"), git("rev-parse", "--abbrev-ref", "HEAD")
    except OSError:
        return {}
    return {k: v for k, v in (("gitCommit", commit), ("branch", branch)) if v and v != "HEAD"}


def adequacy_inputs(test_rows):
    """Named batches: one row per area at typical weather, the envelope's corners, and eight held-out rows."""
    one_hot = {a: [1.0 if a == b else 0.0 for b in AREAS] for a in AREAS}
    cases = [(f"{a}, 18 C, 70 %", [[18.0, 70.0] + one_hot[a]]) for a in AREAS]
    low, high = ENVELOPE["celsius"]
    cases.append(("envelope corners", [[low, 0.0] + one_hot["Hebron"], [high, 100.0] + one_hot["Beit-Shemesh"]]))
    cases.append(("eight held-out rows", [x for x, _ in test_rows[:8]]))
    return cases


def write_cases(path, inputs, outputs):
    with path.open("w") as f:
        for (case_id, x), y in zip(inputs, outputs):
            case = {"id": case_id, "inputs": {"features": tensor_json(x)},
                    "expected": {"rain_probability": tensor_json(y)}}
            f.write(json.dumps(case) + "\n")


def tensor_json(rows):
    return {"dtype": "float32", "shape": [len(rows), len(rows[0])], "data": [v for r in rows for v in r]}


def compare(inputs, torch_outputs, onnx_outputs):
    """Stops when ONNX Runtime's outputs and torch's differ beyond the declared tolerance."""
    for (case_id, _), expected, actual in zip(inputs, torch_outputs, onnx_outputs):
        for i, (t, o) in enumerate(zip((v for r in expected for v in r), actual)):
            if abs(t - o) > TOLERANCE["absolute"] + TOLERANCE["relative"] * abs(t):
                raise Failure(f"case {case_id!r}, element {i}: ONNX Runtime computed {o}, torch {t}: beyond"
                              f" {TOLERANCE}; the export is wrong")


def check_schema(metadata, schema):
    """Validates metadata.json against the published JSON Schema when python3-jsonschema is installed."""
    try:
        import jsonschema
    except ImportError:
        print("note: python3-jsonschema is not installed; mlops pack validates the metadata instead")
        return
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(metadata), key=lambda e: list(e.path))
    if errors:
        raise Failure("metadata.json does not match the schema: " + "; ".join(
            f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors))


def write_json(path, value):
    path.write_text(json.dumps(value, indent=2) + "\n")


def canonical_sha256(value):
    """SHA-256 of canonical JSON (RFC 8785 style, as mlops-research's CanonicalJson writes it)."""
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def canonical(v):
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k])
                              for k in sorted(v, key=lambda k: k.encode("utf-16-be"))) + "}"
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return es_number(float(v))


def es_number(x):
    """A number as ECMAScript writes it: shortest digits, exponent only below 1e-6 and from 1e21."""
    if x == 0:
        return "0"
    sign, digits, exp = decimal.Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, digits))
    n = len(digits) + exp  # the decimal point's position
    s = "-" if x < 0 else ""
    if len(digits) <= n <= 21:
        return s + digits + "0" * (n - len(digits))
    if 0 < n <= 21:
        return s + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return s + "0." + "0" * -n + digits
    e = n - 1
    return s + digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + "e" + ("+" if e > 0 else "-") + str(abs(e))


# --- the mlops CLI ----------------------------------------------------------------------------------------------

def find_mlops():
    if os.environ.get("MLOPS"):
        return shlex.split(os.environ["MLOPS"])
    launcher = REPO / "bin" / "mlops"
    if not (REPO / "mlops-cli" / "target" / "mlops.jar").exists() and not os.environ.get("MLOPS_JAR"):
        raise Failure(f"no mlops CLI: set MLOPS to a command, or build {REPO / 'mlops-cli/target/mlops.jar'}"
                      " (mvn -B -pl mlops-cli -am package -DskipTests)")
    return [str(launcher)]


def cli(mlops, *args, capture=False):
    """Runs one mlops verb; its messages go to this script's stderr; a non-zero exit stops the script."""
    r = subprocess.run([*mlops, *args], stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE,
                       text=True)
    sys.stderr.write(r.stderr)
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise Failure(f"mlops {args[0]} exited with {r.returncode}: {last}")
    return r.stdout


if __name__ == "__main__":
    main()

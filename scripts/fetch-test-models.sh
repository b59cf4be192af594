#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fetches the public models that integration tests use and Maven Central does not carry.
#
# Silero VAD (MIT, https://github.com/snakers4/silero-vad) is a recurrent model with a scalar input (the sample
# rate), state tensors and several outputs. No Maven artifact ships it; the npm package @ricky0123/vad-web does.
# The tarball and each model are pinned by hash: a changed download is refused, never used.
#
# Usage: scripts/fetch-test-models.sh
# Destination: $MLOPS_TEST_MODELS, else ~/.cache/mlops-java/test-models (where RecurrentModelTest looks too).
# Exit: 0 the models are in place; 1 a download was refused (hash mismatch); 2 a tool is missing; 3 the registry
# could not be reached. Tests that need these files skip, saying why, when they are absent; `mvn -B verify` itself
# stays Maven-Central-only.
set -euo pipefail

if [[ -n "${MLOPS_TEST_MODELS:-}" ]]; then
  dest="$MLOPS_TEST_MODELS"
elif [[ -n "${HOME:-}" ]]; then
  dest="$HOME/.cache/mlops-java/test-models"
else
  echo "fetch-test-models: set MLOPS_TEST_MODELS or HOME" >&2
  exit 2
fi
url="https://registry.npmjs.org/@ricky0123/vad-web/-/vad-web-0.0.31.tgz"
tarball_sha512="78f56af13bc1db5b1d1d2c5531938421ff4955aecc018a5a21a35778682c3ce88c08df316cf09d1762d2e5a623ed5451dd9c73bad79d815f59a6557ae4803516"
# name sha256, one model a line
models="silero_vad_legacy.onnx a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28
silero_vad_v6.onnx 1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3"

for tool in curl tar; do
  command -v "$tool" >/dev/null || { echo "fetch-test-models: $tool is not installed" >&2; exit 2; }
done
if ! command -v sha256sum >/dev/null && ! command -v shasum >/dev/null; then
  echo "fetch-test-models: neither sha256sum nor shasum is installed" >&2
  exit 2
fi
# sha BITS FILE: the hex digest (sha256sum/sha512sum on Linux, shasum on macOS)
sha() {
  if command -v "sha$1sum" >/dev/null; then "sha$1sum" "$2" | cut -d' ' -f1
  elif command -v shasum >/dev/null; then shasum -a "$1" "$2" | cut -d' ' -f1
  else echo "fetch-test-models: neither sha$1sum nor shasum is installed" >&2; exit 2
  fi
}

have_all() {
  local name hash
  while read -r name hash; do
    [[ -f "$dest/$name" && "$(sha 256 "$dest/$name")" == "$hash" ]] || return 1
  done <<< "$models"
}

if have_all; then
  echo "test models present in $dest"
  exit 0
fi

mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -f "$dest"/.*.partial' EXIT
echo "fetching $url"
if ! curl --fail --silent --show-error --location --retry 3 --max-time 300 -o "$work/pkg.tgz" "$url"; then
  echo "fetch-test-models: could not download $url" >&2
  exit 3
fi
got="$(sha 512 "$work/pkg.tgz")"
if [[ "$got" != "$tarball_sha512" ]]; then
  echo "fetch-test-models: refused $url: sha512 is $got, expected $tarball_sha512" >&2
  exit 1
fi
while read -r name hash; do
  tar -xzf "$work/pkg.tgz" -C "$work" "package/dist/$name"
  got="$(sha 256 "$work/package/dist/$name")"
  if [[ "$got" != "$hash" ]]; then
    echo "fetch-test-models: refused $name from $url: sha256 is $got, expected $hash" >&2
    exit 1
  fi
  # copy beside the destination, then rename within its folder: an interrupted run never leaves a partial model
  cp "$work/package/dist/$name" "$dest/.$name.partial"
  mv -f "$dest/.$name.partial" "$dest/$name"
  echo "  $dest/$name"
done <<< "$models"

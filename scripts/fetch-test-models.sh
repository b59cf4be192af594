#!/usr/bin/env bash
# Fetches the public models that integration tests use and Maven Central does not carry.
#
# Silero VAD (MIT, https://github.com/snakers4/silero-vad) is a recurrent model with a scalar input (the sample
# rate), state tensors and several outputs. No Maven artifact ships it; the npm package @ricky0123/vad-web does.
# The tarball and each model are pinned by hash: a changed download is refused, never used.
#
# Usage: scripts/fetch-test-models.sh [DIR]   (DIR defaults to $MLOPS_TEST_MODELS, then ~/.cache/mlops-java/test-models)
# Tests that need these files skip, saying why, when they are absent; `mvn -B verify` itself stays Maven-Central-only.
set -euo pipefail

dest="${1:-${MLOPS_TEST_MODELS:-$HOME/.cache/mlops-java/test-models}}"
url="https://registry.npmjs.org/@ricky0123/vad-web/-/vad-web-0.0.31.tgz"
tarball_sha512="78f56af13bc1db5b1d1d2c5531938421ff4955aecc018a5a21a35778682c3ce88c08df316cf09d1762d2e5a623ed5451dd9c73bad79d815f59a6557ae4803516"
declare -A models=(
  [silero_vad_legacy.onnx]=a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28
  [silero_vad_v6.onnx]=1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3
)

sha256() { sha256sum "$1" | cut -d' ' -f1; }

have_all() {
  local name
  for name in "${!models[@]}"; do
    [[ -f "$dest/$name" && "$(sha256 "$dest/$name")" == "${models[$name]}" ]] || return 1
  done
}

if have_all; then
  echo "test models present in $dest"
  exit 0
fi

mkdir -p "$dest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetching $url"
curl --fail --silent --show-error --location --retry 3 --max-time 300 -o "$work/pkg.tgz" "$url"
got="$(sha512sum "$work/pkg.tgz" | cut -d' ' -f1)"
if [[ "$got" != "$tarball_sha512" ]]; then
  echo "refused $url: sha512 is $got, expected $tarball_sha512" >&2
  exit 1
fi
for name in "${!models[@]}"; do
  tar -xzf "$work/pkg.tgz" -C "$work" "package/dist/$name"
  got="$(sha256 "$work/package/dist/$name")"
  if [[ "$got" != "${models[$name]}" ]]; then
    echo "refused $name from $url: sha256 is $got, expected ${models[$name]}" >&2
    exit 1
  fi
  mv "$work/package/dist/$name" "$dest/$name"
  echo "  $dest/$name"
done

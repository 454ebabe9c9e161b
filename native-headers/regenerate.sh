#!/usr/bin/env bash
# Regenerates ../generated/ from jselect.h and jselect.options with an installed jextract.
#
#   JEXTRACT=/path/to/bin/jextract native-headers/regenerate.sh
#
# One package per ABI: dev.jselect.ffi.linux_x86_64 and dev.jselect.ffi.linux_aarch64.
# The aarch64 set is cross-generated from Debian's libc6-dev-arm64-cross headers.
# jextract takes clang arguments only from ./compile_flags.txt, so each ABI runs in a
# scratch directory holding that file. Output is deterministic: run it twice, no diff.
#
# Both ABIs are written to a staging directory first and replace generated/ only when both
# succeeded: a clang error leaves generated/ exactly as it was. The staging directory is
# removed on every exit path (success, failure, Ctrl-C).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/.." && pwd)/generated"
pkg="dev/jselect/ffi"
abis=(linux_x86_64 linux_aarch64)
jextract="${JEXTRACT:-$(command -v jextract || true)}"
if [[ -z "$jextract" || ! -x "$jextract" ]]; then
  echo "regenerate.sh: set JEXTRACT to an installed jextract (see docs/bindings.md, 'Regenerating the bindings')." >&2
  exit 2
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch" "$out/$pkg/"*.new' EXIT
trap 'exit 130' INT TERM   # runs the EXIT trap too
stage="$scratch/generated"

generate() { # abi target sysroot-include
  local abi="$1" target="$2" include="$3"
  local work="$scratch/$abi"
  mkdir -p "$work"
  printf '%s\n' "--target=$target" -nostdlibinc "-isystem" "$include" > "$work/compile_flags.txt"
  if [[ "$target" == x86_64-* ]]; then
    printf '%s\n' "-isystem" "/usr/include/x86_64-linux-gnu" >> "$work/compile_flags.txt"
  fi
  local status=0
  (cd "$work" && "$jextract" @"$here/jselect.options" \
      --output "$stage" --target-package "dev.jselect.ffi.$abi" --header-class-name "${abi}_h" \
      "$here/jselect.h" 2>&1) | tee "$work/log" || status=$?
  # jextract may still write output when clang cannot find a header: any diagnostic is fatal.
  if ((status != 0)) || grep -qiE 'error|warning|not found' "$work/log"; then
    echo "regenerate.sh: jextract reported diagnostics for $abi; generated/ left unchanged." >&2
    exit 1
  fi
  if [[ ! -d "$stage/$pkg/$abi" ]]; then
    echo "regenerate.sh: jextract wrote nothing for $abi; generated/ left unchanged." >&2
    exit 1
  fi
}

generate linux_x86_64  x86_64-linux-gnu  /usr/include
generate linux_aarch64 aarch64-linux-gnu /usr/aarch64-linux-gnu/include

# Both succeeded: copy both next to their targets, then swap each in with two renames.
# Until the swap, generated/ holds only the old packages (plus *.new copies the trap removes).
mkdir -p "$out/$pkg"
for abi in "${abis[@]}"; do
  rm -rf "$out/$pkg/$abi.new" "$out/$pkg/$abi.old"
  cp -R "$stage/$pkg/$abi" "$out/$pkg/$abi.new"
done
for abi in "${abis[@]}"; do
  if [[ -d "$out/$pkg/$abi" ]]; then mv "$out/$pkg/$abi" "$out/$pkg/$abi.old"; fi
  mv "$out/$pkg/$abi.new" "$out/$pkg/$abi"
  rm -rf "$out/$pkg/$abi.old"
done
echo "generated/ written for ${abis[*]}"

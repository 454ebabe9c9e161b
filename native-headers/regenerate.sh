#!/usr/bin/env bash
# Regenerates ../generated/ from jselect.h and jselect.options with an installed jextract.
#
#   JEXTRACT=/path/to/bin/jextract native-headers/regenerate.sh
#
# One package per ABI: dev.jselect.ffi.linux_x86_64 and dev.jselect.ffi.linux_aarch64.
# The aarch64 set is cross-generated from Debian's libc6-dev-arm64-cross headers.
# jextract takes clang arguments only from ./compile_flags.txt, so each ABI runs in a
# scratch directory holding that file. Output is deterministic: run it twice, no diff.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../generated"
jextract="${JEXTRACT:-$(command -v jextract || true)}"
if [[ -z "$jextract" || ! -x "$jextract" ]]; then
  echo "regenerate.sh: set JEXTRACT to an installed jextract (see README.md, 'Regenerating the bindings')." >&2
  exit 2
fi

generate() { # abi target sysroot-include
  local abi="$1" target="$2" include="$3"
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  printf '%s\n' "--target=$target" -nostdlibinc "-isystem" "$include" > "$work/compile_flags.txt"
  [[ "$target" == x86_64-* ]] && printf '%s\n' "-isystem" "/usr/include/x86_64-linux-gnu" >> "$work/compile_flags.txt"
  rm -rf "$out/dev/jselect/ffi/$abi"
  (cd "$work" && "$jextract" @"$here/jselect.options" \
      --output "$out" --target-package "dev.jselect.ffi.$abi" --header-class-name "${abi}_h" \
      "$here/jselect.h" 2>&1) | tee "$work/log"
  # jextract still writes output when clang cannot find a header: treat any diagnostic as fatal.
  if grep -qiE 'error|warning|not found' "$work/log"; then
    echo "regenerate.sh: jextract reported diagnostics for $abi; see above." >&2
    exit 1
  fi
}

generate linux_x86_64  x86_64-linux-gnu  /usr/include
generate linux_aarch64 aarch64-linux-gnu /usr/aarch64-linux-gnu/include
echo "generated/ written for linux_x86_64 and linux_aarch64"

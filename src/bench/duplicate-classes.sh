#!/usr/bin/env bash
# Lists every simple class name declared by more than one source file in src/main, src/test,
# src/jmh, src/bench and src/examples (module-info and package-info aside), with the files that
# declare it; exits 1 if there is any. A name used twice makes stack traces, imports and
# searches ambiguous, so each class is named by what it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
dups=$(find src/main src/test src/jmh src/bench src/examples -name '*.java' \
         ! -name module-info.java ! -name package-info.java 2>/dev/null |
       awk -F/ '{ name = $NF; sub(/\.java$/, "", name); print name "\t" $0 }' | sort |
       awk -F'\t' '{ files[$1] = files[$1] "  " $2 "\n"; n[$1]++ }
                   END { for (c in n) if (n[c] > 1) printf "%s\n%s", c, files[c] }')
if [[ -n $dups ]]; then
  echo "class names declared more than once:"
  echo "$dups"
  exit 1
fi
echo "no class name is declared twice"

#!/usr/bin/env bash
# mvn -q -Pjmh : ns per zero-timeout wait with 1 ready fd of 1 000 registered, in one run:
#   1. src/bench/c/epoll_wait_loop.c, compiled with the machine's cc -O2 (the C baseline),
#      run before and after JMH;
#   2. every JMH benchmark in dev.jselect.bench (jselect, raw FFM, JDK NIO) with -prof gc;
# then a Markdown table of ns/op, B/op, and ratios to C and to NIO's selectNow(Consumer),
# printed and written to target/bench/jmh.md (raw results: jmh.csv, c-baseline-*.txt).
#
# Environment: JMH_INCLUDE (regex, default all of dev.jselect.bench), JMH_ARGS (extra JMH
# options, e.g. "-f 2 -i 10"), C_CALLS (epoll_wait calls per C round, default 1000000).
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/common.sh

raise_fd_limit 4096 # 1 000 pipes, write ends moved above 1 024
MACHINE=$(machine_line)

# The C loop runs before and after JMH; the table takes the lower of its two medians, so a
# moment of load from elsewhere on the machine does not flatter the Java figures.
C_NS=
c_baseline() { # label
  echo "== C baseline ($1): epoll_wait_loop, cc -O2"
  "$OUT/epoll_wait_loop" "${C_CALLS:-1000000}" 1000 5 | tee "$OUT/c-baseline-$1.txt"
  local ns
  ns=$(sed -n 's/.*ns_per_call_median=\([0-9.]*\).*/\1/p' "$OUT/c-baseline-$1.txt")
  if [[ -z $C_NS ]] || awk -v a="$ns" -v b="$C_NS" 'BEGIN { exit !(a < b) }'; then C_NS=$ns; fi
}
HAVE_CC=
if command -v "${CC:-cc}" >/dev/null; then
  "${CC:-cc}" -O2 -o "$OUT/epoll_wait_loop" src/bench/c/epoll_wait_loop.c
  HAVE_CC=1
  c_baseline before
else
  echo "no C compiler (cc): the table has no C column (apt-get install gcc)"
fi

echo "== JMH"
# shellcheck disable=SC2086 # JMH_ARGS is a list of options
"$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -cp "$BENCH_CLASSPATH" \
  org.openjdk.jmh.Main "${JMH_INCLUDE:-dev\.jselect\.bench\.}" -prof gc -rf csv -rff "$OUT/jmh.csv" ${JMH_ARGS:-}

if [[ -n $HAVE_CC ]]; then c_baseline after; fi

# jmh.csv: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: fds"
{
  echo "Wait benchmarks, $MACHINE"
  echo
  echo "| benchmark | fds | ns/op | ± (99.9%) | B/op | × C | × NIO selectNow(Consumer) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk -F, -v c="$C_NS" '
    function ratio(x, base) { return base > 0 ? sprintf("%.2f", x / base) : "" }
    { sub(/\r$/, "") }   # JMH writes CSV lines ending in CRLF
    { for (i = 1; i <= NF; i++) gsub(/"/, "", $i); name = $1; sub(/^dev\.jselect\.bench\./, "", name) }
    NR == 1 { next }
    $7 == "ns/op" { order[++n] = name; score[name] = $5; err[name] = $6; fds[name] = $8 }
    name ~ /:gc\.alloc\.rate\.norm$/ { sub(/:gc\.alloc\.rate\.norm$/, "", name); bytes[name] = $5 }
    END {
      nio = score["NioSelectorBenchmark.selectNowConsumer"]
      if (c != "") printf "| C epoll_wait loop, cc -O2 | 1000 | %.1f | | 0 | 1.00 | %s |\n", c, ratio(c, nio)
      for (i = 1; i <= n; i++) {
        b = order[i]
        printf "| %s | %s | %.1f | %.1f | %.3f | %s | %s |\n", b, fds[b], score[b], err[b], bytes[b], ratio(score[b], c), ratio(score[b], nio)
      }
    }' "$OUT/jmh.csv"
} | tee "$OUT/jmh.md"
echo "(written to $OUT/jmh.md)"

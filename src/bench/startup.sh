#!/usr/bin/env bash
# mvn -q -Pstartup : what a fresh process pays before its first calls answer. Each program runs
# RUNS times (default 10) in a fresh process, the programs taking turns, on the JDK of the tests:
#   (a) hello     dev.jselect.bench.startup.Hello: the JVM's floor;
#   (b) downcall  dev.jselect.bench.startup.FirstDowncall: one bare FFM close(-1) with errno
#                 captured, nothing of jselect -- the baseline of every ratio;
#   (c) jselect   dev.jselect.bench.startup.FirstCalls: Os.pipe, Select.select, Select.epoll +
#                 register + poll, socketpair send/recv, Subprocess.popen("true") + waitFor;
#   (d) python3   src/bench/startup.py, the same script (and python3 printing one line, beside (a));
#   (e) jselect-aot (c) started from a JDK 25 AOT cache trained once on (c) itself
#                 (-XX:AOTCacheOutput, then -XX:AOTCache), from jars of the same class path.
#   (f) same-calls dev.jselect.bench.startup.SameCallsBareFfm: (c)'s C calls, with the same
#                 descriptors and options, through bare FFM handles and nothing of jselect: the
#                 JVM's own cost of those calls, the floor of (c).
# Each process's wall time and CPU time (user + system, all its threads) are taken around it
# here; each first call is timed inside the program (System.nanoTime / time.perf_counter_ns).
# The tables give medians and their ratios to (b): the whole process to (b)'s whole process, a
# first call to (b)'s first downcall. On a machine shared with other work, wall times stretch;
# the CPU times much less.
# Output: target/bench/startup.md (printed too) and startup.csv (every measurement).
#
# Environment: RUNS=10, OUT=target/bench, PYTHON=python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/common.sh

RUNS=${RUNS:-10}
PYTHON=${PYTHON:-python3}
# The JVMs start as a user's program would: default GC and heap, native access granted.
JVM_OPTS="--enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
(( RUNS >= 1 )) || { echo "RUNS must be at least 1" >&2; exit 1; }

# name | command (word-split: no spaces inside an argument)
PROGRAMS=(
  "hello|$JAVA $JVM_OPTS -cp $BENCH_CLASSPATH dev.jselect.bench.startup.Hello"
  "downcall|$JAVA $JVM_OPTS -cp $BENCH_CLASSPATH dev.jselect.bench.startup.FirstDowncall"
  "jselect|$JAVA $JVM_OPTS -cp $BENCH_CLASSPATH dev.jselect.bench.startup.FirstCalls"
  "same-calls|$JAVA $JVM_OPTS -cp $BENCH_CLASSPATH dev.jselect.bench.startup.SameCallsBareFfm"
)
# (e): the AOT cache holds classes from jars only, so the class path's directories are jarred
JAVA_FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( ${JAVA_FEATURE%%.*} >= 25 )); then
  AOT_DIR="$OUT/startup-aot"
  rm -rf "$AOT_DIR"; mkdir -p "$AOT_DIR"
  AOT_CLASSPATH=
  n=0
  IFS=: read -ra entries <<<"$BENCH_CLASSPATH"
  for e in "${entries[@]}"; do
    if [[ -d $e ]]; then
      "${JAVA%/java}/jar" --create --file "$AOT_DIR/classes-$n.jar" -C "$e" .
      e="$AOT_DIR/classes-$n.jar"; n=$((n + 1))
    fi
    AOT_CLASSPATH+="${AOT_CLASSPATH:+:}$e"
  done
  # shellcheck disable=SC2086
  $JAVA $JVM_OPTS -XX:AOTCacheOutput="$AOT_DIR/app.aot" -cp "$AOT_CLASSPATH" dev.jselect.bench.startup.FirstCalls \
    >"$AOT_DIR/training.out" 2>&1 || { cat "$AOT_DIR/training.out" >&2; exit 1; }
  PROGRAMS+=("jselect-aot|$JAVA $JVM_OPTS -XX:AOTCache=$AOT_DIR/app.aot -XX:AOTMode=on -cp $AOT_CLASSPATH dev.jselect.bench.startup.FirstCalls")
else
  echo "JDK $JAVA_FEATURE: no AOT cache row (it needs JDK 25)"
fi
if command -v "$PYTHON" >/dev/null; then
  # the interpreter itself: a version manager's shim (pyenv) would add its own start-up
  PYTHON=$("$PYTHON" -c 'import sys; print(sys.executable)')
  PROGRAMS+=("python3-hello|$PYTHON -c print('Hello,world!')" "python3|$PYTHON src/bench/startup.py")
else
  echo "no $PYTHON: the tables have no Python rows"
fi
MACHINE=$(machine_line)

CSV="$OUT/startup.csv"
echo "program,measure,ns" >"$CSV"
# Both clocks are read without a fork, which would add its own time to what is measured.
# NOW_US: bash's wall clock in microseconds.
now() { NOW_US=${EPOCHREALTIME/[.,]/}; }
# CHILDREN_CPU_MS: user + system CPU time of this shell's waited-for children, from "times"
# (second line "0m0.254s 0m0.203s"), read in this shell: a subshell would not see them.
children_cpu() {
  local times_file="$OUT/startup-times.txt" line t ms=0
  times >"$times_file"
  { read -r _; read -r line; } <"$times_file"
  for t in $line; do
    [[ $t =~ ^([0-9]+)m([0-9]+)[.,]([0-9]{3})s$ ]] || { echo "cannot read times: $line" >&2; exit 1; }
    ms=$(( ms + 10#${BASH_REMATCH[1]} * 60000 + 10#${BASH_REMATCH[2]} * 1000 + 10#${BASH_REMATCH[3]} ))
  done
  CHILDREN_CPU_MS=$ms
}

for (( run = 1; run <= RUNS; run++ )); do
  printf '\rrun %d of %d' "$run" "$RUNS"
  for entry in "${PROGRAMS[@]}"; do
    name=${entry%%|*}
    cmd=${entry#*|}
    out="$OUT/startup-$name.out"
    children_cpu
    cpu_start=$CHILDREN_CPU_MS
    now
    start=$NOW_US
    # shellcheck disable=SC2086 # the command is a word list
    if ! $cmd >"$out" 2>&1; then
      echo; echo "$name failed:" >&2; cat "$out" >&2; exit 1
    fi
    now
    end=$NOW_US
    children_cpu
    cpu_end=$CHILDREN_CPU_MS
    echo "$name,process,$(( (end - start) * 1000 ))" >>"$CSV"
    echo "$name,process-cpu,$(( (cpu_end - cpu_start) * 1000000 ))" >>"$CSV"
    sed -n 's/^first \([^ ]*\) \([0-9]*\)$/\1 \2/p' "$out" | while read -r what ns; do
      echo "$name,$what,$ns" >>"$CSV"
    done
  done
done
echo

# medians: program,measure,median_ns in first-seen order
MEDIANS=$(awk -F, '
  NR == 1 { next }
  !(($1 FS $2) in n) { order[++k] = $1 FS $2 }
  { key = $1 FS $2; v[key, ++n[key]] = $3 }
  END {
    for (i = 1; i <= k; i++) {
      key = order[i]; m = n[key]
      for (a = 1; a <= m; a++) s[a] = v[key, a] + 0
      for (a = 2; a <= m; a++) { x = s[a]; for (b = a - 1; b >= 1 && s[b] > x; b--) s[b + 1] = s[b]; s[b + 1] = x }
      med = (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
      printf "%s,%.0f\n", key, med
    }
  }' "$CSV")

{
  echo "Start-up, $MACHINE"
  echo "Medians of $RUNS fresh processes each, the programs taking turns; ratios to (b), the bare FFM downcall."
  echo
  echo "| whole process, launch to exit | wall ms | × (b) | CPU ms | × (b) |"
  echo "|---|---:|---:|---:|---:|"
  awk -F, '
    BEGIN { label["hello"] = "(a) Java Hello"; label["downcall"] = "(b) Java, one FFM close(-1) with errno"
            label["jselect"] = "(c) Java, jselect'"'"'s first calls"; label["python3-hello"] = "(a) python3, print"
            label["python3"] = "(d) python3, the same first calls"
            label["jselect-aot"] = "(e) Java, jselect'"'"'s first calls, JDK AOT cache"
            label["same-calls"] = "(f) Java, the same C calls through bare FFM" }
    $1 == "downcall" && $2 == "process" { base = $3 }
    $1 == "downcall" && $2 == "process-cpu" { cbase = $3 }
    $2 == "process" { order[++n] = $1; ns[$1] = $3 }
    $2 == "process-cpu" { cpu[$1] = $3 }
    END {
      for (i = 1; i <= n; i++) {
        p = order[i]
        printf "| %s | %.0f | %.2f | %.0f | %.2f |\n", label[p], ns[p] / 1e6, ns[p] / base, cpu[p] / 1e6, cpu[p] / cbase
      }
    }' <<<"$MEDIANS"
  echo
  awk -F, '
    $2 == "process" { w[$1] = $3 } $2 == "process-cpu" { c[$1] = $3 }
    END { if (("same-calls" in w) && ("jselect" in w))
            printf "\n(c) over (f), what jselect adds to the same C calls: %.2f× wall, %.2f× CPU.\n",
                   w["jselect"] / w["same-calls"], c["jselect"] / c["same-calls"] }' <<<"$MEDIANS"
  echo
  echo "| first call (timed inside the process) | Java, jselect ms | × (b) | with AOT cache ms | × (b) | same C calls, bare FFM ms | × (b) | python3 ms | × (b) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F, '
    $2 ~ /^process/ { next }
    $1 == "downcall" { base = $3; bname = $2 }
    $1 == "jselect" { order[++n] = $2; j[$2] = $3 }
    $1 == "python3" { p[$2] = $3 }
    $1 == "jselect-aot" { a[$2] = $3 }
    $1 == "same-calls" { f[$2] = $3 }
    function ratio(x) { return sprintf(x / base < 0.1 ? "%.4f" : "%.2f", x / base) }
    END {
      printf "| (b) bare FFM %s: linker, lookup, handle, call | %.2f | 1.00 | | | | | | |\n", bname, base / 1e6
      for (i = 1; i <= n; i++) {
        w = order[i]
        py = (w in p) ? sprintf("%.3f | %s", p[w] / 1e6, ratio(p[w])) : " | "
        aot = (w in a) ? sprintf("%.2f | %s", a[w] / 1e6, ratio(a[w])) : " | "
        bare = (w in f) ? sprintf("%.2f | %s", f[w] / 1e6, ratio(f[w])) : " | "
        printf "| %s | %.2f | %s | %s | %s | %s |\n", w, j[w] / 1e6, ratio(j[w]), aot, bare, py
      }
    }' <<<"$MEDIANS"
} | tee "$OUT/startup.md"
echo "(written to $OUT/startup.md, $CSV)"

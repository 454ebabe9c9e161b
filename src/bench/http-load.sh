#!/usr/bin/env bash
# mvn -q -Pload : the HTTP/1.1 keep-alive "Hello, world!" load test, one server at a time.
# Each server runs alone on core 0; wrk loads it from core 1 (-t1 -c50) while 0, 100, 1 000 and
# 10 000 further connections sit idle. For every run: requests/s from wrk, and the server's CPU
# time per request (utime+stime of the whole process from /proc/PID/stat, before and after wrk) --
# wrk on one core is often the bottleneck, so CPU per request is the fair figure. Both are
# given as ratios to the first server (JDK NIO) at the same idle count, measured in this run.
# Output: a Markdown table (printed, and target/bench/http-load.md), http-load.csv, http-load.png.
#
# Environment: ONLY="nio netty" (run a subset), IDLE="0 100 1000 10000", DURATION=10 and WARMUP=5
# (seconds; a second warm-up run of 1 s follows), CONNECTIONS=50, PORT=18080, OUT=target/bench.
set -euo pipefail
cd "$(dirname "$0")/../.."
source src/bench/common.sh

# ---- the servers: name, most idle connections it can hold (- for no limit), main class,
# extra JVM options. One line adds a server; the first line is the baseline of the ratios.
# "c:NAME" in place of a class is src/bench/c/NAME.c, compiled here with cc -O2 and run as
# NAME PORT LIFETIME (no JVM options); without a C compiler that server is skipped.
# Netty at its best on JDK 25: no leak sampling, its direct-buffer fast paths opened up.
NETTY_OPTS="-Dio.netty.leakDetection.level=disabled -Dio.netty.tryReflectionSetAccessible=true"
NETTY_OPTS+=" --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"
SERVERS=(
  "nio            -    dev.jselect.bench.http.NioHttpServer"
  "netty          -    dev.jselect.bench.http.NettyHttpServer $NETTY_OPTS"
  "jselect-epoll  -    dev.jselect.bench.http.EpollReadyHttpServer"
  "jselect-porter -    dev.jselect.bench.http.PorterEpollHttpServer"   # the article-000 twin made keep-alive, Python-shaped calls
  # the porter's loop (the tutorial's state machine: MOD to EPOLLOUT and back per request, no
  # TCP_CORK) in C, then ported line by line on jselect (compare with ONLY="c-porter jselect-porter-loop")
  "c-porter       -    c:epoll_porter_server"
  "jselect-porter-loop - dev.jselect.bench.http.PorterLoopHttpServer"
  "jselect-poll   -    dev.jselect.bench.http.PollHttpServer"
  "jselect-select 900  dev.jselect.bench.http.SelectHttpServer"   # every fd below FD_SETSIZE
  # thread per connection on virtual threads: java.net sockets, then jselect NativeSocket (compare with ONLY="vt-jdk vt-jselect")
  "vt-jdk         -    dev.jselect.bench.http.VirtualThreadHttpServer -Dsocket=jdk"
  "vt-jselect     -    dev.jselect.bench.http.VirtualThreadHttpServer -Dsocket=jselect"
)
# Every server JVM alike: one core, so one GC thread; a fixed heap; no log chatter.
JVM_OPTS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xms256m -Xmx256m"
JVM_OPTS+=" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

IDLE=${IDLE:-0 100 1000 10000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18080}
LIFETIME=600          # seconds: a server or idle holder left behind exits by itself
SERVER_CPU=0
CLIENT_CPU=1
CLK_TCK=$(getconf CLK_TCK)

# ---- preflight
if (( $(nproc) < 2 )); then
  echo "only one CPU: server and wrk share it, so only the CPU-per-request figures mean something"
  CLIENT_CPU=0
fi
if ! command -v wrk >/dev/null; then
  if (( EUID == 0 )) && command -v apt-get >/dev/null; then
    echo "installing wrk (apt-get install -y wrk)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null
  fi
  command -v wrk >/dev/null || { echo "wrk is missing: install it (Debian: apt-get install wrk)" >&2; exit 1; }
fi
max_idle=0
for n in $IDLE; do
  if (( n > max_idle )); then max_idle=$n; fi
done
raise_fd_limit $(( max_idle + CONNECTIONS + 1024 ))
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT on 127.0.0.1 is taken: set PORT to a free one" >&2
  exit 1
fi
MACHINE=$(machine_line)

# ---- process handling
SERVER_PID=
IDLE_PID=
stop() { # pid: TERM, then KILL if it lingers
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() { stop "$IDLE_PID"; stop "$SERVER_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for FILE REGEX SECONDS PID: until a line of FILE matches, while PID lives
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -q "$2" "$1" 2>/dev/null; do
    if ! kill -0 "$4" 2>/dev/null || (( SECONDS > deadline )); then
      echo "no '$2' from process $4 within $3 s; its output:" >&2
      cat "$1" >&2
      exit 1
    fi
    sleep 0.1
  done
}

open_fds() { ls "/proc/$1/fd" | wc -l; }

# wait_fds PID OP N: until the open fd count of PID compares OP N (-ge, -le), at most 60 s
wait_fds() {
  local deadline=$((SECONDS + 60))
  until [ "$(open_fds "$1")" "$2" "$3" ]; do
    if (( SECONDS > deadline )); then
      echo "server holds $(open_fds "$1") fds, expected $2 $3: see $OUT/server-*.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

cpu_ticks() { # utime + stime of PID, in clock ticks (fields 14 and 15 of /proc/PID/stat)
  local stat
  stat=$(<"/proc/$1/stat")
  read -r -a f <<<"${stat##*) }"
  echo $(( f[11] + f[12] ))
}

run_wrk() { # seconds, output file
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$1s" "http://127.0.0.1:$PORT/" >"$2" 2>&1
}

# ---- the runs
CSV="$OUT/http-load.csv"
echo "server,idle,requests,seconds,requests_per_s,server_cpu_s,cpu_us_per_request,errors" >"$CSV"

for entry in "${SERVERS[@]}"; do
  read -r name limit class opts <<<"$entry"
  if [[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]]; then continue; fi
  echo "== $name: starting $class on CPU $SERVER_CPU"
  log="$OUT/server-$name.log"
  if [[ $class == c:* ]]; then
    exe="$OUT/${class#c:}"
    if ! command -v "${CC:-cc}" >/dev/null; then
      echo "   skipped: no C compiler (cc) to build src/bench/c/${class#c:}.c (apt-get install gcc)"
      continue
    fi
    "${CC:-cc}" -O2 -o "$exe" "src/bench/c/${class#c:}.c"
    taskset -c "$SERVER_CPU" "$exe" "$PORT" "$LIFETIME" >"$log" 2>&1 &
  else
    # shellcheck disable=SC2086 # option lists
    taskset -c "$SERVER_CPU" "$JAVA" $JVM_OPTS $opts -cp "$BENCH_CLASSPATH" "$class" "$PORT" "$LIFETIME" >"$log" 2>&1 &
  fi
  SERVER_PID=$!
  wait_for "$log" '^listening' 30 "$SERVER_PID"
  base_fds=$(open_fds "$SERVER_PID")
  # JIT warm-up, not counted. The first run ends by closing its connections, a path the hot loop
  # has not run yet: a JVM recompiles that loop then, for about 300 ms of compiler CPU that would
  # otherwise land in the measured run. The second, short run starts once that is done.
  run_wrk "$WARMUP" "$OUT/wrk-$name-warmup.txt"
  run_wrk 1 "$OUT/wrk-$name-warmup2.txt"
  for idle in $IDLE; do
    if [[ $limit != - ]] && (( idle > limit )); then
      echo "   $idle idle: skipped (this server holds at most $limit)"
      continue
    fi
    wait_fds "$SERVER_PID" -le $((base_fds + CONNECTIONS)) # the previous run's connections are gone
    if (( idle > 0 )); then
      taskset -c "$CLIENT_CPU" "$JAVA" -Xmx512m -cp "$BENCH_CLASSPATH" dev.jselect.bench.http.IdleConnections \
        "$PORT" "$idle" "$LIFETIME" >"$OUT/idle.log" 2>&1 &
      IDLE_PID=$!
      wait_for "$OUT/idle.log" '^idle' 120 "$IDLE_PID"
      wait_fds "$SERVER_PID" -ge $((base_fds + idle)) # accepted and registered
    fi
    out="$OUT/wrk-$name-$idle.txt"
    before=$(cpu_ticks "$SERVER_PID")
    run_wrk "$DURATION" "$out"
    after=$(cpu_ticks "$SERVER_PID")
    stop "$IDLE_PID"
    IDLE_PID=
    awk -v name="$name" -v idle="$idle" -v ticks=$((after - before)) -v hz="$CLK_TCK" '
      / requests in / { requests = $1; seconds = $4; sub(/s,?$/, "", seconds) }
      /^Requests\/sec:/ { rps = $2 }
      /Socket errors:/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) errors += $i }
      /Non-2xx or 3xx responses:/ { errors += $NF }
      END {
        if (requests == 0) { print "wrk made no request" > "/dev/stderr"; exit 1 }
        cpu = ticks / hz
        printf "%s,%d,%d,%s,%.0f,%.2f,%.2f,%d\n", name, idle, requests, seconds, rps, cpu, cpu * 1e6 / requests, errors
      }' "$out" | tee -a "$CSV" | awk -F, '{ printf "   %6d idle: %8d req/s, %6.2f us CPU per request, %d errors\n", $2, $5, $7, $8 }'
  done
  stop "$SERVER_PID"
  SERVER_PID=
done

# ---- the report: ratios to the first server at the same idle count
{
  echo "HTTP keep-alive load test, $MACHINE"
  echo "wrk -t1 -c$CONNECTIONS -d${DURATION}s on CPU $CLIENT_CPU, each server alone on CPU $SERVER_CPU; ratios to the first server at the same idle count."
  echo
  echo "| server | idle connections | requests/s | × baseline | server CPU µs/request | × baseline | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk -F, '
    NR == 1 { next }
    !($2 in rps0) { rps0[$2] = $5; cpu0[$2] = $7 }
    { printf "| %s | %d | %d | %.2f | %.2f | %.2f | %d |\n", $1, $2, $5, $5 / rps0[$2], $7, $7 / cpu0[$2], $8 }' "$CSV"
} | tee "$OUT/http-load.md"

# ---- the plot: matplotlib from any python3 that has it (Debian's python3-matplotlib is for /usr/bin/python3)
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import matplotlib' 2>/dev/null; then PY=$p; break; fi
done
if [[ -z $PY && $EUID == 0 ]] && command -v apt-get >/dev/null; then
  echo "installing python3-matplotlib (apt-get) for the plot"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib) >/dev/null 2>&1 || true
  /usr/bin/python3 -c 'import matplotlib' 2>/dev/null && PY=/usr/bin/python3
fi
if [[ -n $PY ]]; then
  "$PY" src/bench/plot_http_load.py "$CSV" "$OUT/http-load.png" "$MACHINE"
  echo "(written to $OUT/http-load.md, $CSV, $OUT/http-load.png)"
else
  echo "no python3 with matplotlib: no plot (written to $OUT/http-load.md, $CSV)"
fi

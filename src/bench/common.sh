# Sourced by the benchmark scripts: checks, the fd limit, and the line that says where a run was made.

: "${JAVA:?run the benchmarks through Maven (mvn -q -Pjmh, mvn -q -Pload), which sets JAVA and BENCH_CLASSPATH}"
: "${BENCH_CLASSPATH:?run the benchmarks through Maven (mvn -q -Pjmh, mvn -q -Pload)}"
OUT=${OUT:-target/bench}
mkdir -p "$OUT"

if [[ $(uname -s) != Linux ]]; then
  echo "the benchmarks measure Linux epoll/poll/select and run on Linux only" >&2
  exit 1
fi

# Raise the soft fd limit to the hard one; fail early if that is still below what the run needs.
raise_fd_limit() {
  local need=$1 hard
  hard=$(ulimit -Hn)
  [[ $hard == unlimited ]] && hard=1048576
  ulimit -n "$hard" 2>/dev/null || true
  if (( $(ulimit -n) < need )); then
    echo "this run needs $need file descriptors and the hard limit is $hard: raise it (ulimit -Hn) or lower the load" >&2
    exit 1
  fi
}

# "2025-01-31 12:00 UTC, Intel(R) Xeon(R) ... (2 CPUs), Linux 6.1.0, JDK 25+36"
machine_line() {
  local cpu jdk
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.runtime\.version = //p')
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), ${cpu:-$(uname -m)} ($(nproc) CPUs), Linux $(uname -r), JDK ${jdk:-?}"
}

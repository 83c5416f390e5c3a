#!/usr/bin/env bash
# Builds and runs Lathe's libFuzzer targets (see Tests/Fuzz/README.md). Called by make:
#
#   fuzz.sh build            build the fuzz executables (LATHE_FUZZ=1, --sanitize=fuzzer)
#   fuzz.sh run [TARGET…]    fuzz each target for FUZZ_SECONDS; fail on the first crash
#   fuzz.sh replay [TARGET…] run every committed corpus input once; fail if one crashes
#
# Environment: FUZZ_DIR (scratch path, default .build-fuzz), FUZZ_SECONDS (default 60 per
# target), FUZZ_ARGS (extra libFuzzer flags, e.g. "-jobs=2 -workers=2"), SWIFT.
set -euo pipefail
cd "$(dirname "$0")/../.."

FUZZ_DIR=${FUZZ_DIR:-.build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_ARGS=${FUZZ_ARGS:-}
SWIFT=${SWIFT:-swift}
ALL_TARGETS=(parse compile csv model)

product() {  # target -> executable product
  case "$1" in
    parse) echo FuzzParse ;; compile) echo FuzzCompile ;; csv) echo FuzzCSV ;; model) echo FuzzModel ;;
    *) echo "fuzz.sh: unknown target '$1' (known: ${ALL_TARGETS[*]})" >&2; exit 64 ;;
  esac
}
corpus() {  # target -> committed seed corpus (parse and compile share the scripts)
  case "$1" in parse|compile) echo Tests/Fuzz/corpus/scripts ;; *) echo "Tests/Fuzz/corpus/$1" ;; esac
}
dictionary() {
  case "$1" in parse|compile) echo Tests/Fuzz/dict/mlx.dict ;; *) echo "Tests/Fuzz/dict/$1.dict" ;; esac
}
# Longest input libFuzzer may make while fuzzing. Scripts stay at 4 KB for speed: the time
# to compile one grows faster than its length (a 64 KB chain of `+` takes about 9 s in this
# build); deep and long inputs are tested by DeepInputTests and HostileInputTests instead.
max_len() {
  case "$1" in parse|compile) echo 4096 ;; csv) echo 16384 ;; model) echo 65536 ;; esac
}

# libFuzzer handles crashes itself: the Swift backtracer would only slow each crash down.
export SWIFT_BACKTRACE=enable=no
export LATHE_STDLIB="$PWD/stdlib"

build() {
  for t in "${ALL_TARGETS[@]}"; do
    LATHE_FUZZ=1 $SWIFT build --sanitize=fuzzer --scratch-path "$FUZZ_DIR" --product "$(product "$t")"
  done
}

binary() {
  local bin
  bin="$(LATHE_FUZZ=1 $SWIFT build --sanitize=fuzzer --scratch-path "$FUZZ_DIR" --show-bin-path)/$(product "$1")"
  if [ ! -x "$bin" ]; then echo "fuzz.sh: $bin is missing: run 'make fuzz-build' first" >&2; exit 66; fi
  echo "$bin"
}

run() {
  local t bin artifacts stamp log found status
  for t in "$@"; do
    bin=$(binary "$t")
    artifacts="$FUZZ_DIR/artifacts/$t"
    log="$FUZZ_DIR/logs/$t.log"
    stamp="$FUZZ_DIR/logs/$t.start"
    mkdir -p "$FUZZ_DIR/corpus/$t" "$artifacts" "$FUZZ_DIR/logs"
    touch "$stamp"
    echo "== fuzz $t for ${FUZZ_SECONDS}s (new inputs in $FUZZ_DIR/corpus/$t, log in $log)"
    status=0
    # shellcheck disable=SC2086
    "$bin" "$FUZZ_DIR/corpus/$t" "$(corpus "$t")" -dict="$(dictionary "$t")" -max_len="$(max_len "$t")" \
      -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" $FUZZ_ARGS >"$log" 2>&1 || status=$?
    grep -v '^#[0-9]\|^INFO: \|^Dictionary: \|^stat::\|^"\|^###### \|^Done ' "$log" || true
    grep '^stat::number_of_executed_units\|^stat::new_units_added\|^#[0-9].*DONE' "$log" || true
    found=$(find "$artifacts" -type f -newer "$stamp" 2>/dev/null || true)
    if [ "$status" -ne 0 ] || [ -n "$found" ]; then
      echo "fuzz.sh: $t found a failing input (exit $status). Reproduce with: $bin FILE" >&2
      [ -z "$found" ] || echo "$found" | sed 's/^/  reproducer: /' >&2
      exit 1
    fi
  done
}

replay() {
  local t bin log status inputs
  for t in "$@"; do
    bin=$(binary "$t")
    log="$FUZZ_DIR/logs/$t.replay.log"
    mkdir -p "$FUZZ_DIR/logs"
    echo "== replay $t: $(find "$(corpus "$t")" -type f | wc -l) inputs from $(corpus "$t")"
    status=0
    # Given files rather than a folder, libFuzzer executes each once (printing "Running: FILE"
    # first, so a crash names its input) and neither mutates nor truncates them.
    mapfile -t inputs < <(find "$(corpus "$t")" -type f | sort)
    "$bin" -timeout=30 -rss_limit_mb=2048 -artifact_prefix="$FUZZ_DIR/logs/replay-$t-" "${inputs[@]}" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
      tail -60 "$log" >&2
      echo "fuzz.sh: replaying the $t corpus failed (exit $status) on $(grep '^Running: ' "$log" | tail -1 | cut -c10-)" >&2
      exit 1
    fi
    echo "   $(grep -c '^Executed ' "$log") inputs ran"
  done
}

mode=${1:-}; shift || true
[ $# -gt 0 ] || set -- "${ALL_TARGETS[@]}"
case "$mode" in
  build) build ;;
  run) for t in "$@"; do product "$t" >/dev/null; done; run "$@" ;;
  replay) for t in "$@"; do product "$t" >/dev/null; done; replay "$@" ;;
  *) echo "usage: fuzz.sh build | run [TARGET…] | replay [TARGET…]   (targets: ${ALL_TARGETS[*]})" >&2; exit 64 ;;
esac

#!/usr/bin/env bash
# The test command. Installs what the tests need and is missing (PostgreSQL 15, Redis, and Chromium once a browser
# test project exists), builds the solution once in Release, runs every test project, and prints the failed tests
# with their messages. The last line is always "N passed, N failed" (", N skipped" when tests were skipped),
# computed from the TRX result files. Exits non-zero when the build fails, a test fails, the test run is aborted,
# or no test ran. Logs and result files are in .test-output/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

readonly OUT=.test-output
readonly RESULTS="$OUT/results"
readonly PG_BIN="${DYNAMICDB_PG_BIN:-/usr/lib/postgresql/15/bin}"
export DEBIAN_FRONTEND=noninteractive DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

rm -rf "$OUT"
mkdir -p "$RESULTS"

# Prints the result line (the script's last line) and exits; non-zero when something failed.
finish() {
    local passed=$1 failed=$2 skipped=$3 status=$4
    local line="$passed passed, $failed failed"
    if [ "$skipped" -gt 0 ]; then
        line="$line, $skipped skipped"
    fi
    echo "$line"
    exit "$status"
}

fail_early() {
    echo "test.sh: $*"
    finish 0 0 0 1
}

# --- 1. Servers and tools the tests start -------------------------------------------------------------------
missing=()
[ -x "$PG_BIN/initdb" ] || missing+=(postgresql-15)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if compgen -G "tests/*Browser*/" >/dev/null && ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    as_root=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail_early "cannot install ${missing[*]}: not root and sudo is not available."
        if [ -t 0 ]; then as_root=(sudo); else as_root=(sudo -n); fi
    fi
    command -v apt-get >/dev/null 2>&1 || fail_early "cannot install ${missing[*]}: apt-get is not available; install them by hand."
    echo "Installing ${missing[*]} (log: $OUT/install.log)"
    if ! { ${as_root[@]+"${as_root[@]}"} apt-get update -qq \
        && ${as_root[@]+"${as_root[@]}"} apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"; } \
        >"$OUT/install.log" 2>&1; then
        tail -n 20 "$OUT/install.log"
        fail_early "installing ${missing[*]} failed (see $OUT/install.log)."
    fi
    [ -x "$PG_BIN/initdb" ] || fail_early "PostgreSQL 15 is installed but there is no initdb in '$PG_BIN' (DYNAMICDB_PG_BIN)."
    command -v redis-server >/dev/null 2>&1 || fail_early "redis-server is still missing after installing it."
fi

# --- 2. Build once -----------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || fail_early "the .NET 10 SDK ('dotnet') is not on PATH."
echo "Building Orleans.DynamicDb.sln (Release, log: $OUT/build.log)"
if ! dotnet build Orleans.DynamicDb.sln -c Release -nologo >"$OUT/build.log" 2>&1; then
    if grep -q ': error ' "$OUT/build.log"; then
        grep ': error ' "$OUT/build.log" | sed 's/ \[[^]]*\]$//' | sort -u | head -n 50
    else
        tail -n 40 "$OUT/build.log"
    fi
    fail_early "the build failed."
fi

# --- 3. Run every test project -----------------------------------------------------------------------------
echo "Running tests (log: $OUT/test.log, results: $RESULTS)"
test_status=0
dotnet test Orleans.DynamicDb.sln -c Release --no-build \
    --logger "trx;LogFilePrefix=tests" --results-directory "$RESULTS" \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    >"$OUT/test.log" 2>&1 || test_status=$?

shopt -s nullglob
trx_files=("$RESULTS"/*.trx)
shopt -u nullglob
if [ "${#trx_files[@]}" -eq 0 ]; then
    tail -n 40 "$OUT/test.log" | cut -c1-300
    fail_early "dotnet test wrote no result files (exit code $test_status)."
fi

# --- 4. Report from the TRX files --------------------------------------------------------------------------
# Prints each failed test with its message (at most 30 lines), and each run-level error (a crashed or hung test
# host, counted as one failed test since the test that caused it has no result of its own). The last line it
# prints is "passed failed skipped executed", summed over the <Counters .../> of every file.
report_program=$(cat <<'AWK'
function decode(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s)
    gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s)
    return s
}
function text(line) {
    done = sub(/<\/(Message|Text)>.*/, "", line)
    if (++lines <= 30) { print "    " substr(decode(line), 1, 400) } else if (lines == 31) { print "    ..." }
    if (done) { inside = 0 }
}
function count(line, name) {
    if (match(line, " " name "=\"[0-9]+\"")) {
        return substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0
    }
    return 0
}
/<UnitTestResult / {
    failing = $0 ~ / outcome="(Failed|Error|Timeout|Aborted)"/
    if (failing && match($0, / testName="[^"]*"/)) {
        print "FAILED " decode(substr($0, RSTART + 11, RLENGTH - 12))
    }
    inside = 0
}
failing && /<Message>/ {
    inside = 1; lines = 0; line = $0; sub(/.*<Message>/, "", line); text(line); next
}
/<\/UnitTestResult>/ { failing = 0; inside = 0 }
/<Counters / {
    passed += count($0, "passed")
    failed += count($0, "failed") + count($0, "error") + count($0, "timeout") + count($0, "aborted")
    # The TRX logger leaves notExecuted at 0 for skipped tests, which it does not count as executed either.
    notRun = count($0, "total") - count($0, "executed")
    skipped += count($0, "notExecuted") > notRun ? count($0, "notExecuted") : notRun
    executed += count($0, "executed")
}
/<RunInfo / { runError = $0 ~ / outcome="Error"/ }
runError && /<Text>/ {
    runError = 0; line = $0; sub(/.*<Text>/, "", line)
    # xunit echoes the name of each failed test as a run error: those are reported above with their messages.
    if (line ~ /^\[xUnit\.net [0-9:.]+\] .*\[FAIL\]<\/Text>$/) { next }
    print "TEST RUN ERROR"; failed++; inside = 1; lines = 0; text(line); next
}
inside { text($0) }
END { print passed + 0, failed + 0, skipped + 0, executed + 0 }
AWK
)
report=$(awk "$report_program" "${trx_files[@]}")
if [ "$(printf '%s\n' "$report" | wc -l)" -gt 1 ]; then
    printf '%s\n' "$report" | sed '$d'
fi
read -r passed failed skipped executed <<<"$(printf '%s\n' "$report" | tail -n 1)"

status=0
if [ "$failed" -gt 0 ]; then
    status=1
elif [ "$executed" -eq 0 ]; then
    echo "test.sh: no test ran."
    status=1
elif [ "$test_status" -ne 0 ]; then
    echo "test.sh: dotnet test exited with code $test_status without a failed test; the end of $OUT/test.log:"
    tail -n 15 "$OUT/test.log" | cut -c1-300
    status=1
fi

finish "$passed" "$failed" "$skipped" "$status"

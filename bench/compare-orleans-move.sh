#!/usr/bin/env bash
# Reproduces bench/RESULTS.md, "Orleans 10.4.2 vs the home-made runtime — issue 8": the benchmark of the last commit
# before the move to Microsoft Orleans (its own bench source, on the home-made runtime) beside this checkout's
# benchmark (on Orleans 10.4.2), built in Release and run one after the other on this machine, RUNS times each,
# alternating the builds, every run a fresh process.
#
#   bench/compare-orleans-move.sh                     # 2 runs per build of the parts below (~30 min on 2 busy cores)
#   RUNS=3 bench/compare-orleans-move.sh
#   QUICK=--quick RUNS=1 bench/compare-orleans-move.sh   # smoke run (~5 min), not for numbers
#   PARTS=cluster RUNS=4 bench/compare-orleans-move.sh  # only the calls between silos and from a client (~6 min)
#   DYNDB_BENCH_CLUSTER_WARMUP=50000 PARTS=cluster RUNS=6 bench/compare-orleans-move.sh  # after the JIT has tiered up
#
# The old build is exported with `git archive` into $BEFORE_DIR (a temporary folder outside the repository) and
# deleted at the end unless KEEP_BEFORE=1. Results: one markdown table and one console log per run under $OUT,
# plus machine.txt (nproc, CPU model, load before and after every run).
# The old tree gets compare-orleans-move.before-cost.patch (not committed there): the same per-call cost measurement
# (CPU time, allocated bytes, thread-pool work items of the whole process; Harness/CallCost.cs) around the same loops
# of its `cluster` part as this tree's, so both builds report them.
set -euo pipefail

BEFORE_COMMIT=${BEFORE_COMMIT:-3f8060e}
RUNS=${RUNS:-2}
PARTS=${PARTS:-"latency throughput cluster gateway databases density"}
QUICK=${QUICK:-}
OUT=${OUT:-/tmp/dyndb-orleans-move-$(date -u +%Y%m%dT%H%M%SZ)}
BEFORE_DIR=${BEFORE_DIR:-/tmp/bench-before}
KEEP_BEFORE=${KEEP_BEFORE:-0}

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
project=bench/Orleans.DynamicDb.Benchmarks
case "$BEFORE_DIR" in
  "$repo"|"$repo"/*) echo "BEFORE_DIR must be outside the repository ($repo)" >&2; exit 2 ;;
esac

mkdir -p "$OUT"
echo "export $BEFORE_COMMIT into $BEFORE_DIR"
rm -rf "$BEFORE_DIR"
mkdir -p "$BEFORE_DIR"
git -C "$repo" archive "$BEFORE_COMMIT" | tar -x -C "$BEFORE_DIR"
patch -d "$BEFORE_DIR" -p1 -s < "$repo/bench/compare-orleans-move.before-cost.patch"
if [ "$KEEP_BEFORE" != 1 ]; then
  trap 'rm -rf "$BEFORE_DIR"' EXIT
fi

echo "build before ($BEFORE_COMMIT, home-made runtime) and after ($(git -C "$repo" rev-parse --short HEAD), Orleans)"
dotnet build "$BEFORE_DIR/$project" -c Release -nologo -v q
dotnet build "$repo/$project" -c Release -nologo -v q

load() { echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; }
{
  echo "before: $BEFORE_COMMIT; after: $(git -C "$repo" rev-parse --short HEAD)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "parts: $PARTS $QUICK"
} > "$OUT/machine.txt"

for run in $(seq 1 "$RUNS"); do
  for build in before after; do
    if [ "$build" = before ]; then bin="$BEFORE_DIR/$project/bin/Release/net10.0"; else bin="$repo/$project/bin/Release/net10.0"; fi
    echo "run $run, $build: $PARTS $QUICK"
    echo "$build-$run start $(load)" >> "$OUT/machine.txt"
    # shellcheck disable=SC2086
    (cd "$bin" && dotnet Orleans.DynamicDb.Benchmarks.dll $PARTS $QUICK --markdown "$OUT/$build-$run.md") > "$OUT/$build-$run.log" 2>&1
    echo "$build-$run end   $(load)" >> "$OUT/machine.txt"
  done
done

echo "results in $OUT"
cat "$OUT/machine.txt"
# One line per measure, one column per run (the numbers quoted in RESULTS.md), read from the runs' markdown tables.
python3 - "$OUT" <<'PY'
import re, sys, glob, os
d = sys.argv[1]
def rows(path):
    out = []
    for line in open(path):
        if line.startswith('| ') and not line.startswith('| #') and not line.startswith('|---'):
            cells = [c.strip() for c in line.strip().strip('|').split('|')]
            out.append(cells)
    return out
def find(rs, pred):
    for r in rs:
        if pred(r[1]): return r
    return None
def cost(s):
    m = re.search(r'CPU ([\d\.]+) µs, ([\d]+) B allocated, ([\d\.]+) pool work items', s)
    return ' / '.join(m.groups()) if m else None
def nums(s, keys):
    res = []
    for k in keys:
        m = re.search(k + r' \*{0,2}([\d,\.]+)', s)
        res.append(m.group(1) if m else '?')
    return res
measures = [
 ('local seq, caller outside turn: mean/p50/p99 µs', lambda s: s.startswith('client → grain, caller outside any grain turn'), ['mean','p50','p99']),
 ('local seq, caller resumed by turn loop: mean/p50/p99 µs', lambda s: s.startswith('client → grain, caller resumed'), ['mean','p50','p99']),
 ('grain→grain seq mean µs', lambda s: s.startswith('grain → grain'), ['mean']),
 ('local 100 callers own grains calls/s', lambda s: s == '100 callers, each its own grain', ['']),
 ('local 100 callers ONE grain calls/s', lambda s: s == '100 callers, all on ONE grain', ['']),
 ('cross-silo seq TCP mean/p50/p99 µs', lambda s: s.startswith('silo → grain on another silo, sequential (loopback TCP)'), ['mean','p50','p99']),
 ('cross-silo 100 callers TCP calls/s', lambda s: s.startswith('100 callers on one silo') and ('in-memory' not in s), ['']),
 ('client seq TCP mean/p50/p99 µs', lambda s: s.startswith('remote client → grain') and 'in-memory' not in s, ['mean','p50','p99']),
 ('client 100 callers TCP calls/s', lambda s: s.startswith('remote client, 100') and 'in-memory' not in s, ['']),
 ('cross-silo seq in-memory mean/p50/p99', lambda s: s.startswith('silo → grain on another silo') and 'in-memory' in s, ['mean','p50','p99']),
 ('cross-silo 100 in-memory calls/s', lambda s: s.startswith('100 callers on one silo') and 'in-memory' in s, ['']),
 ('client seq in-memory mean/p50/p99', lambda s: s.startswith('remote client → grain') and 'in-memory' in s, ['mean','p50','p99']),
 ('client 100 in-memory calls/s', lambda s: s.startswith('remote client, 100') and 'in-memory' in s, ['']),
 ('gw (a) HTTP mean/p50/p99 µs', lambda s: s.startswith('(a) HTTP'), ['mean','p50','p99']),
 ('gw (b) grain mean/p50/p99 µs', lambda s: s.startswith('(b)'), ['mean','p50','p99']),
 ('gw (c) driver open/query mean/p50', lambda s: s.startswith('(c) Microsoft.Data.Sqlite on the same file'), ['mean','p50']),
 ('gw (c) driver prepared mean/p50', lambda s: s.startswith('(c) Microsoft.Data.Sqlite: one open'), ['mean','p50']),
 ('embedded create p50/p99 ms', lambda s: s.startswith('embedded SQLite: create'), ['p50','p99']),
 ('embedded wake p50/p99 ms', lambda s: s.startswith('embedded SQLite: wake'), ['p50','p99']),
 ('density create rate', lambda s: 'embedded databases created by 8 concurrent callers' in s, ['']),
 ('density per hibernated GC heap / WS KiB', lambda s: s.startswith('memory per hibernated'), ['GC heap','working set']),
 ('density awake rate', lambda s: 'kept awake' in s, ['']),
 ('density per active GC heap / WS KiB', lambda s: s.startswith('memory per active'), ['GC heap','working set']),
]
files = sorted(glob.glob(os.path.join(d, '*.md')))
table = {}
for f in files:
    rs = rows(f)
    name = os.path.basename(f)[:-3]
    for label, pred, keys in measures:
        r = find(rs, pred)
        if r is None:
            v = '—'
        elif keys == ['']:
            m = re.search(r'\*\*([\d,\.]+)', r[2]); v = m.group(1) if m else '?'
        else:
            v = ' / '.join(nums(r[2], keys))
        table.setdefault(label, {})[name] = v
        c = cost(r[4]) if r is not None and len(r) > 4 else None
        if c is not None:
            table.setdefault(label + ' — CPU µs / B / pool items per call', {})[name] = c
names = [os.path.basename(f)[:-3] for f in files]
print('| measure | ' + ' | '.join(names) + ' |')
print('|---|' + '---|'*len(names))
for label, _, _ in measures:
  for label in (label, label + ' — CPU µs / B / pool items per call'):
    if label not in table: continue
    print('| ' + label + ' | ' + ' | '.join(table[label].get(n, '') for n in names) + ' |')
PY

#!/usr/bin/env bash
# A local DynamicDb cluster on loopback: Redis (membership, grain directory), PostgreSQL 15 (grain state, reminders,
# catalog, and the shared 'postgres' engine that holds the databases) and N silos. Everything it starts is recorded in
# deploy/.run/ (pids, logs, data), which 'stop' uses to stop exactly what was started.
#
#   deploy/local-cluster.sh start     # build output must exist: dotnet build Orleans.DynamicDb.sln
#   deploy/local-cluster.sh status           # on stdout; exit code 0 when everything runs and every silo is ready
#   deploy/local-cluster.sh host <database>  # the number N of the silo (deploy/.run/silo-N) hosting an active database
#   deploy/local-cluster.sh stop
#
# Settings (environment): DYNDB_SILOS (3), DYNDB_HTTP_PORT (8081: first silo; the others follow), DYNDB_SILO_PORT
# (11111: first silo port), DYNDB_GATEWAY_PORT (30000: first Orleans client gateway port), DYNDB_REDIS_PORT (6390), DYNDB_PG_PORT (5440) — a taken port is skipped for the next free
# one —, DYNDB_API_KEY (random, kept in .run/api-key), DYNDB_APP (demo), DYNDB_CLUSTER_ID (local),
# DYNDB_SILO_DLL (silo/bin/Debug/net10.0/Orleans.DynamicDb.Silo.dll), DYNDB_PG_BIN (/usr/lib/postgresql/15/bin),
# DYNDB_READY_TIMEOUT (120 seconds per silo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
run="$here/.run"
silos="${DYNDB_SILOS:-3}"
app="${DYNDB_APP:-demo}"
cluster_id="${DYNDB_CLUSTER_ID:-local}"
silo_dll="${DYNDB_SILO_DLL:-$repo/silo/bin/Debug/net10.0/Orleans.DynamicDb.Silo.dll}"
pg_bin="${DYNDB_PG_BIN:-/usr/lib/postgresql/15/bin}"
ready_timeout="${DYNDB_READY_TIMEOUT:-120}"

log() { printf '%s\n' "$*" >&2; }
say() { printf '%s\n' "$*"; }
die() { log "error: $*"; exit 1; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Sets port to the first port from $1 that nothing listens on and that this script has not handed out yet.
declare -A handed_out=()
free_port() {
  port="$1"
  while port_taken "$port" || [[ -n "${handed_out[$port]:-}" ]]; do port=$((port + 1)); done
  handed_out[$port]=1
}

as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# True while the process in pid file $1 runs (a zombie left unreaped by a minimal init counts as gone).
alive() {
  [[ -f "$1" ]] || return 1
  local pid; pid="$(cat "$1")"
  kill -0 "$pid" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]
}

wait_ready() { # url pidfile logfile
  local deadline=$((SECONDS + ready_timeout))
  until curl -fs -o /dev/null "$1/health/ready"; do
    alive "$2" || { tail -n 40 "$3" >&2; die "the silo behind $1 exited before it was ready (log: $3)"; }
    ((SECONDS < deadline)) || { tail -n 40 "$3" >&2; die "$1/health/ready did not answer 200 within ${ready_timeout}s (log: $3)"; }
    sleep 0.5
  done
}

start_redis() {
  if alive "$run/redis/redis.pid"; then log "redis: already running"; return; fi
  mkdir -p "$run/redis"
  local port; free_port "${DYNDB_REDIS_PORT:-6390}"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$run/redis" --pidfile "$run/redis/redis.pid" --logfile "$run/redis/redis.log" >/dev/null
  echo "$port" >"$run/redis/port"
  local deadline=$((SECONDS + 20))
  until [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]]; do
    ((SECONDS < deadline)) || die "redis did not answer PING on port $port (log: $run/redis/redis.log)"
    sleep 0.1
  done
  log "redis: 127.0.0.1:$port"
}

start_postgres() {
  local data="$run/pg/data"
  if [[ -f "$data/postmaster.pid" ]] && as_postgres "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "postgres: already running"; return
  fi
  [[ -x "$pg_bin/initdb" ]] || die "PostgreSQL 15 not found in $pg_bin (apt-get install postgresql-15)"
  mkdir -p "$run/pg"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$run/pg"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    as_postgres "$pg_bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$run/pg/initdb.log"
  fi
  local port; free_port "${DYNDB_PG_PORT:-5440}"
  as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=400" start >/dev/null
  echo "$port" >"$run/pg/port"
  if [[ "$(psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='dyndb_cluster'")" != 1 ]]; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE dyndb_cluster" >/dev/null
  fi
  log "postgres: 127.0.0.1:$port (cluster state in database dyndb_cluster)"
}

start_silo() { # index
  local i="$1" dir="$run/silo-$1"
  if alive "$dir/silo.pid"; then log "silo $i: already running ($(cat "$dir/url"))"; return; fi
  mkdir -p "$dir"
  local port http silo_port gateway_port pgwire_port redis_port pg_port
  free_port $(( ${DYNDB_HTTP_PORT:-8081} + i - 1 )); http="$port"
  free_port $(( ${DYNDB_PGWIRE_PORT:-6432} + i - 1 )); pgwire_port="$port"
  free_port $(( ${DYNDB_SILO_PORT:-11111} + i - 1 )); silo_port="$port"
  free_port $(( ${DYNDB_GATEWAY_PORT:-30000} + i - 1 )); gateway_port="$port"
  redis_port="$(cat "$run/redis/port")"; pg_port="$(cat "$run/pg/port")"
  local pg="Host=127.0.0.1;Port=$pg_port;Username=postgres"
  # 'env --default-signal=INT' undoes the SIGINT that bash ignores for background jobs, so Ctrl-C semantics hold.
  (
    cd "$dir"
    export ASPNETCORE_ENVIRONMENT=Production
    export DynamicDb__DataDirectory="$dir/data"
    export DynamicDb__Cluster__RedisConnectionString="127.0.0.1:$redis_port"
    export DynamicDb__Cluster__PostgresConnectionString="$pg;Database=dyndb_cluster"
    export Orleans__ClusterId="$cluster_id"
    export Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1
    export Orleans__Endpoints__SiloPort="$silo_port"
    export Orleans__Endpoints__GatewayPort="$gateway_port"
    export DynamicDb__PgWire__Endpoint="127.0.0.1:$pgwire_port"
    export DynamicDb__Engines__0__Id=pg
    export DynamicDb__Engines__0__Kind=postgres
    export DynamicDb__Engines__0__Default=true
    export DynamicDb__Engines__0__ConnectionString="$pg;Database=postgres"
    export DynamicDb__Auth__ApiKeys__0__App="$app"
    export DynamicDb__Auth__ApiKeys__0__Key="$(cat "$run/api-key")"
    exec setsid env --default-signal=INT dotnet "$silo_dll" --urls "http://127.0.0.1:$http" >"$dir/silo.log" 2>&1 </dev/null
  ) &
  echo $! >"$dir/silo.pid"
  echo "http://127.0.0.1:$http" >"$dir/url"
  echo "$silo_port" >"$dir/silo-port"
  echo "$gateway_port" >"$dir/gateway-port"
}

start() {
  [[ -f "$silo_dll" ]] || die "no silo build at $silo_dll: run 'dotnet build Orleans.DynamicDb.sln' first (or set DYNDB_SILO_DLL)"
  command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
  mkdir -p "$run"
  if [[ ! -f "$run/api-key" ]]; then
    (umask 077; printf '%s' "${DYNDB_API_KEY:-$(openssl rand -hex 24)}" >"$run/api-key")
  fi
  start_redis
  start_postgres
  for i in $(seq 1 "$silos"); do start_silo "$i"; done
  for i in $(seq 1 "$silos"); do
    local dir="$run/silo-$i"
    wait_ready "$(cat "$dir/url")" "$dir/silo.pid" "$dir/silo.log"
    log "silo $i: ready at $(cat "$dir/url") (silo port $(cat "$dir/silo-port"), pid $(cat "$dir/silo.pid"))"
  done
  echo
  echo "Gateways:"
  for i in $(seq 1 "$silos"); do echo "  $(cat "$run/silo-$i/url")"; done
  echo "API key (app '$app'): $(cat "$run/api-key")"
  echo "Try: curl -s -H \"X-API-Key: \$(cat $run/api-key)\" $(cat "$run/silo-1/url")/v1/database/list"
}

stop_pid() { # pidfile name
  alive "$1" || { rm -f "$1"; return; }
  local pid; pid="$(cat "$1")"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while alive "$1"; do
    if ((SECONDS >= deadline)); then log "$2: did not stop within 30s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  rm -f "$1"
  log "$2: stopped"
}

stop() {
  for dir in "$run"/silo-*; do [[ -d "$dir" ]] && stop_pid "$dir/silo.pid" "silo ${dir##*-}"; done
  stop_pid "$run/redis/redis.pid" redis
  if [[ -f "$run/pg/data/postmaster.pid" ]]; then
    as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" -m fast -w stop >/dev/null && log "postgres: stopped"
  fi
}

status() {
  local rc=0
  if alive "$run/redis/redis.pid"; then say "redis: running on 127.0.0.1:$(cat "$run/redis/port")"; else say "redis: stopped"; rc=3; fi
  if [[ -f "$run/pg/data/postmaster.pid" ]] && as_postgres "$pg_bin/pg_ctl" -D "$run/pg/data" status >/dev/null 2>&1; then
    say "postgres: running on 127.0.0.1:$(cat "$run/pg/port")"
  else say "postgres: stopped"; rc=3; fi
  for dir in "$run"/silo-*; do
    [[ -d "$dir" ]] || continue
    if alive "$dir/silo.pid"; then
      local ready=not-ready; curl -fs -o /dev/null "$(cat "$dir/url")/health/ready" && ready=ready
      say "silo ${dir##*-}: running, $ready, $(cat "$dir/url") (pid $(cat "$dir/silo.pid"))"
      [[ $ready == ready ]] || rc=3
    else say "silo ${dir##*-}: stopped"; rc=3; fi
  done
  return "$rc"
}

# Prints the number N of the silo (deploy/.run/silo-N) that hosts the active database $1 of the app: Orleans' Redis grain
# directory holds it under '{clusterId}/directory/database/{app}/{database}' as JSON whose SiloAddress is
# '{ip}:{siloPort}@{generation}', and each silo's port is in .run/silo-N/silo-port. Exit code 1 when the database is not
# active (hibernated, or never called): its next call activates it on some silo.
host() {
  local database="${1:-}"
  [[ -n "$database" ]] || die "usage: $0 host <database>"
  [[ -f "$run/redis/port" ]] || die "no local cluster in $run: run '$0 start' first"
  local key="$cluster_id/directory/database/$app/$database" entry address port
  entry="$(redis-cli -p "$(cat "$run/redis/port")" --raw get "$key")" || die "redis on port $(cat "$run/redis/port") did not answer"
  [[ -n "$entry" ]] || { log "database '$database' of app '$app' is not active (no grain directory entry '$key')"; exit 1; }
  address="$(grep -o '"SiloAddress" *: *"[^"]*"' <<<"$entry" | sed 's/.*"\([^"]*\)"$/\1/')"
  [[ -n "$address" ]] || die "unexpected grain directory entry under '$key': $entry"
  port="${address%@*}"; port="${port##*:}"
  for dir in "$run"/silo-*; do
    if [[ -f "$dir/silo-port" && "$(cat "$dir/silo-port")" == "$port" ]]; then say "${dir##*-}"; return; fi
  done
  die "database '$database' is hosted by $address, which is not a silo of $run"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  host) host "${2:-}" ;;
  *) log "usage: $0 start|stop|status|host <database>"; exit 2 ;;
esac

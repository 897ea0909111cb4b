#!/usr/bin/env bash
# Records the tier classifier's training traces in one command (ml/README.md): builds the silo and the ml tool (Release),
# starts a throwaway PostgreSQL 15 and a silo (embedded sqlite default + that server as the 'postgres' engine "pg") on
# free loopback ports under a temporary folder, runs 'record' against them, stops everything and leaves the CSV.
#   ml/record.sh [--minutes 15] [--concurrency 14] [--seed 13] [--out ml/data/traces.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN="${DYNAMICDB_PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/initdb" ] || { echo "record.sh: no initdb in '$PG_BIN' (apt-get install postgresql-15, or set DYNAMICDB_PG_BIN)." >&2; exit 1; }

free_port() {
    local port
    while :; do
        port=$((15000 + RANDOM % 17000)) # below the ephemeral range, where outgoing connections take ports
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

WORK="$(mktemp -d /tmp/dyndb-ml-record.XXXXXX)"
SILO_PID=""
RUN_AS=()
[ "$(id -u)" -eq 0 ] && RUN_AS=(runuser -u postgres --)
cleanup() {
    if [ -n "$SILO_PID" ] && kill -0 "$SILO_PID" 2>/dev/null; then
        kill -TERM "$SILO_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$SILO_PID" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$SILO_PID" 2>/dev/null || true
        wait "$SILO_PID" 2>/dev/null || true
    fi
    if [ -f "$WORK/pg/postmaster.pid" ]; then
        ${RUN_AS[@]+"${RUN_AS[@]}"} "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

echo "record.sh: building the silo and the ml tool (Release)"
dotnet build silo/Orleans.DynamicDb.Silo.csproj -c Release -v q -nologo >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; exit 1; }
dotnet build ml/Orleans.DynamicDb.Ml/Orleans.DynamicDb.Ml.csproj -c Release -v q -nologo >>"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; exit 1; }

PG_PORT=$(free_port)
echo "record.sh: PostgreSQL on 127.0.0.1:$PG_PORT"
chmod 755 "$WORK"
mkdir -p "$WORK/pg"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK/pg"
${RUN_AS[@]+"${RUN_AS[@]}"} "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1
${RUN_AS[@]+"${RUN_AS[@]}"} "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c max_connections=300 -c shared_buffers=128MB" start >/dev/null

APP_KEY="rec-app-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
READ_ONLY_KEY="rec-ro-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
ADMIN_KEY="rec-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

start_silo() {
    HTTP_PORT=$(free_port); WIRE_PORT=$(free_port); SILO_PORT=$(free_port); GATEWAY_PORT=$(free_port)
    echo "record.sh: silo on http://127.0.0.1:$HTTP_PORT, wire frontend on 127.0.0.1:$WIRE_PORT"
    rm -rf "$WORK/silo"; mkdir -p "$WORK/silo"
    (
        cd "$WORK/silo"
        export DynamicDb__DataDirectory="$WORK/silo/data"
        export DynamicDb__Engines__0__Id=sqlite DynamicDb__Engines__0__Kind=sqlite DynamicDb__Engines__0__Default=true
        export DynamicDb__Engines__1__Id=pg DynamicDb__Engines__1__Kind=postgres
        export DynamicDb__Engines__1__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
        export DynamicDb__Auth__ApiKeys__0__App=rec DynamicDb__Auth__ApiKeys__0__Key="$APP_KEY"
        export DynamicDb__Auth__ApiKeys__1__App=rec DynamicDb__Auth__ApiKeys__1__Key="$READ_ONLY_KEY" DynamicDb__Auth__ApiKeys__1__ReadOnly=true
        export DynamicDb__Auth__AdminKeys__0__Name=recorder DynamicDb__Auth__AdminKeys__0__Key="$ADMIN_KEY"
        export DynamicDb__PgWire__Endpoint="127.0.0.1:$WIRE_PORT"
        export DynamicDb__Sessions__HttpIdleTimeout=00:00:10 DynamicDb__Sessions__RetainClosedFor=00:00:30
        export Orleans__Endpoints__SiloPort="$SILO_PORT" Orleans__Endpoints__GatewayPort="$GATEWAY_PORT"
        export ASPNETCORE_URLS="http://127.0.0.1:$HTTP_PORT" Logging__LogLevel__Default=Warning
        exec dotnet "$OLDPWD/silo/bin/Release/net10.0/Orleans.DynamicDb.Silo.dll"
    ) >"$WORK/silo.log" 2>&1 &
    SILO_PID=$!
    for _ in $(seq 1 120); do
        curl -fsS "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null 2>&1 && return 0
        kill -0 "$SILO_PID" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

# A port found free can be taken before the silo binds it: try a few sets of ports.
for attempt in 1 2 3; do
    start_silo && break
    tail -n 5 "$WORK/silo.log" | cut -c1-300
    kill -KILL "$SILO_PID" 2>/dev/null || true
    [ "$attempt" -lt 3 ] || { echo "record.sh: the silo did not start (log above)" >&2; exit 1; }
done

dotnet ml/Orleans.DynamicDb.Ml/bin/Release/net10.0/Orleans.DynamicDb.Ml.dll record \
    --url "http://127.0.0.1:$HTTP_PORT" --pgwire "127.0.0.1:$WIRE_PORT" --app rec \
    --app-key "$APP_KEY" --read-only-key "$READ_ONLY_KEY" --admin-key "$ADMIN_KEY" --pg-engine pg "$@"

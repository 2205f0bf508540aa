# shellcheck shell=bash
# Sourced by bench/run-*.sh (docs/benchmarks.md): the part every benchmark shares. Installs what is missing, starts a
# throwaway PostgreSQL on loopback, builds Release and starts the server on it in Production with the sandboxes on;
# stops everything on exit. Then it offers the measuring helpers.
#
#   bench_start NAME [PKG...]   installs PostgreSQL and PKG... when missing, starts PostgreSQL and the server; sets
#                               workdir, out (a folder for the run's files), base (the server's URL), admin_password,
#                               server_pid, PGBIN, PGPORT
#   launch_server URL LOG [NAME=VALUE...] / stop_server PID / postgres_settings   more server processes (run-browse.sh)
#   build_baseline              when BENCH_BASELINE names a commit (e.g. the issue's main), builds its server apart and
#                               sets baseline_dll, so a script can measure that commit's server in the same run
#   baseline_database           a second database on this run's PostgreSQL for the baseline server; prints its settings
#   psql_db [psql args]         psql on the benchmark database (bench_db, circula unless set), unaligned and quiet
#   bench_tool ARGS...          runs bench/Circula.Bench (built by bench_start)
#   cpu_mark VAR / cpu_share A B   CPU marks and the cores used between two marks (see below)
#   percentile P                nearest-rank percentile of microsecond values on stdin, printed in milliseconds
#   outbox_pending / drain_outbox   pending outbox messages / wait (at most 120 s) until none, print the seconds
. "$(dirname "${BASH_SOURCE[0]}")/throwaway-postgres.sh"

server_pid=""
server_pids=()
workdir=""
bench_cleanup() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -f "$workdir/server.log" ]; then
    cp "$workdir/server.log" "/tmp/$(basename "$workdir")-server.log"
    echo "failed ($status); the server's log is kept in /tmp/$(basename "$workdir")-server.log" >&2
  fi
  local pid
  for pid in "${server_pids[@]}"; do stop_server "$pid"; done
  pg_stop "$workdir"
  local source
  for source in "${baseline_worktrees[@]}"; do git worktree remove --force "$source" 2>/dev/null || true; done
}

# launch_server URL LOG [NAME=VALUE...]: starts a server process (server_dll, the current build unless set, e.g.
# `server_dll=$baseline_dll launch_server ...`) (Production, sandboxes on, the run's secrets, limits
# lifted as below) with the given settings on top, waits until it is ready and sets launched_pid; stopped on exit.
# Fails (status 1, the log printed) when the server stops before it is ready.
launch_server() {
  local url=$1 log=$2; shift 2
  # Bench buyers keep placing orders they never pay: the hoarding limits are raised so they measure placement, not refusal.
  env ASPNETCORE_ENVIRONMENT=Production \
    Circula__Jwt__SigningKey="$jwt_signing_key" \
    Circula__Jwt__AccessTokenMinutes=60 \
    Circula__Pii__EncryptionKey="$pii_encryption_key" \
    Circula__Pii__HashKey="$pii_hash_key" \
    Circula__Sandbox__Enabled=true \
    Circula__Bootstrap__AdminPassword="$admin_password" \
    Circula__RateLimits__LoginPerMinute=1000000 \
    Circula__RateLimits__PaymentsPerMinute=1000000 \
    Circula__Ordering__MaxUnpaidOrdersPerCustomer=10000 \
    Circula__Ordering__MaxUnitsHeldPerSku=1000000 \
    "$@" dotnet "${server_dll:-src/Circula.Server/bin/Release/net10.0/Circula.Server.dll}" --urls "$url" >"$log" 2>&1 &
  launched_pid=$!
  server_pids+=("$launched_pid")
  for _ in $(seq 1 "${BENCH_START_SECONDS:-60}"); do # seconds to wait for a start: more on a loaded machine
    curl -fsS "$url/health/ready" >/dev/null 2>&1 && break
    kill -0 "$launched_pid" 2>/dev/null || { cat "$log" >&2; echo "the server stopped" >&2; return 1; }
    sleep 1
  done
  curl -fsS "$url/health/ready" >/dev/null
}

stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# The settings of a server on this run's PostgreSQL database.
postgres_settings() {
  echo Circula__Database__Provider=Postgres "Circula__Database__ConnectionString=Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=circula"
}

bench_start() {
  local name=$1; shift
  command -v dotnet >/dev/null || { echo "dotnet SDK 10 is required on PATH" >&2; exit 1; }
  local packages=() package
  for package in "$(missing_postgres)" "$@"; do
    case $package in
      "") ;;
      postgresql) packages+=("$package") ;;
      *) command -v "$package" >/dev/null || packages+=("$package") ;;
    esac
  done
  install_missing "${packages[@]}"

  workdir=$(pg_workdir "$name")
  out="$workdir/bench"
  mkdir -p "$out"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM

  pg_start "$workdir" -c max_connections=300 -c synchronous_commit=off -c shared_buffers=256MB
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres circula

  log "building"
  dotnet build Circula.slnx -c Release -nologo -v quiet

  base="http://127.0.0.1:$(free_port)"
  admin_password=$(openssl rand -hex 16)
  jwt_signing_key=$(openssl rand -base64 32)
  pii_encryption_key=$(openssl rand -base64 32)
  pii_hash_key=$(openssl rand -base64 32)
  log "starting the server on $base (log: $workdir/server.log)"
  local settings
  read -r -a settings <<<"$(postgres_settings)"
  launch_server "$base" "$workdir/server.log" "${settings[@]}"
  server_pid=$launched_pid
}

baseline_dll=""
build_baseline() {
  [ -n "${BENCH_BASELINE:-}" ] || return 0
  local source="$workdir/baseline-src"
  log "building the baseline $BENCH_BASELINE apart (in $source)"
  git worktree add --detach --force "$source" "$BENCH_BASELINE" >/dev/null
  baseline_worktrees+=("$source")
  (cd "$source" && dotnet build src/Circula.Server -c Release -nologo -v quiet -p:CirculaBuildAdminUi=false)
  baseline_dll="$source/src/Circula.Server/bin/Release/net10.0/Circula.Server.dll"
}
baseline_worktrees=()

# The baseline's schema is its own (older migrations), so it gets a database of its own on the same server.
baseline_database() {
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres circula_baseline
  echo Circula__Database__Provider=Postgres "Circula__Database__ConnectionString=Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=circula_baseline"
}

# bench_db (circula unless set, e.g. `bench_db=circula_baseline drain_outbox`) names the database.
psql_db() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "${bench_db:-circula}" -Atq "$@"; }

bench_tool() { dotnet bench/Circula.Bench/bin/Release/net10.0/Circula.Bench.dll "$@"; }

# CPU time of the server, of every process of this run's PostgreSQL (with the backends the postmaster reaped), of
# this script's children (the load generator: wrk, pgbench or Circula.Bench) and of the whole machine, so each
# scenario can say who used the two cores. Marks are "server postgres generator machine" in clock ticks, then the wall clock in microseconds.
ticks_of() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Only this run's cluster (other PostgreSQL clusters on the machine count as other processes): its postmaster, with the
# children it reaped, and its live children.
pg_ticks() {
  local postmaster t p
  postmaster=$(head -n 1 "$workdir/data/postmaster.pid")
  t=$(ticks_of "$postmaster")
  for p in $(pgrep -P "$postmaster"); do t=$((t + $(ticks_of "$p"))); done
  echo "$t"
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
children_ticks() { awk -v hz="$(getconf CLK_TCK)" 'NR == 2 { split($0, t, /[ms ]+/); printf "%d\n", ((t[1] * 60 + t[2]) + (t[3] * 60 + t[4])) * hz }' "$out/times"; }
# cpu_mark VAR: `times` must run in this shell (a subshell would report its own children only), hence no $(...).
cpu_mark() { times >"$out/times"; printf -v "$1" '%s %s %s %s %s' "$(ticks_of "$server_pid")" "$(pg_ticks)" "$(children_ticks)" "$(machine_ticks)" "${EPOCHREALTIME/./}"; }
# cores used between two marks: server, PostgreSQL, load generator, anything else on the machine, all together
cpu_share() {
  local s0 p0 g0 m0 w0 s1 p1 g1 m1 w1
  read -r s0 p0 g0 m0 w0 <<<"$1"; read -r s1 p1 g1 m1 w1 <<<"$2"
  awk -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v g=$((g1 - g0)) -v m=$((m1 - m0)) -v hz="$(getconf CLK_TCK)" -v w=$((w1 - w0)) \
    'BEGIN { d = w / 1e6 * hz; o = m - s - p - g; if (o < 0) o = 0; printf "%.2f %.2f %.2f %.2f %.2f\n", s / d, p / d, g / d, o / d, m / d }'
}
percentile() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; printf "%.1f\n", v[i] / 1000 }'; }
outbox_pending() { psql_db -c "SELECT count(*) FROM outbox_messages WHERE status = 0"; }
drain_outbox() {
  local start=$SECONDS
  while [ "$(outbox_pending)" -gt 0 ] && [ $((SECONDS - start)) -lt 120 ]; do sleep 1; done
  echo $((SECONDS - start))
}

# The header line of a results block: date, machine, PostgreSQL.
results_header() {
  echo "## Results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }'))"
}

# shellcheck shell=bash
# Sourced by test.sh and scripts/bench-server.sh: installs missing Debian packages and runs a throwaway PostgreSQL
# cluster on a free loopback port (trust auth, socket and data in a temporary directory).
#
#   missing_postgres                  prints "postgresql" when no PostgreSQL server binaries are installed
#   install_missing PKG...            apt-get installs the packages (needs root); nothing when none are given
#   pg_workdir NAME                   makes /tmp/NAME.XXXXXX, owned by postgres when running as root, and prints it
#   pg_start DIR [-c setting=value]...  initdb + start in DIR; sets PGBIN and PGPORT
#   pg_stop DIR                       stops the cluster (if running) and removes DIR

log() { printf '\n== %s\n' "$*"; }

as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

missing_postgres() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql; }

install_missing() {
  [ $# -gt 0 ] || return 0
  log "installing $* from Debian's packages"
  [ "$(id -u)" -eq 0 ] || { echo "need root to apt-get install $*" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "no free port found" >&2; return 1
}

pg_workdir() {
  local dir
  dir=$(mktemp -d "/tmp/$1.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  echo "$dir"
}

pg_start() {
  local dir=$1; shift
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PGPORT=$(free_port)
  log "starting PostgreSQL ($PGBIN) on 127.0.0.1:$PGPORT"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-p $PGPORT -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null
}

pg_stop() {
  [ -n "${1:-}" ] || return 0
  if [ -n "${PGBIN:-}" ] && [ -d "$1/data" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$1"
}

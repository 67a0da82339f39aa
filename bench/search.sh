#!/usr/bin/env bash
# Search benchmark: altto's search (GET /api/v1/search) side by side with PostgreSQL's own
# full-text search over the same documents, in one run, interleaved rounds; and recall
# of starter pages for 30 teachers' queries (bench/search_recall.tsv) on both.
#
#   bench/search.sh                  # altto on SQLite (the default), full community scale
#   bench/search.sh --postgres       # altto on the machine's PostgreSQL
#   ROUNDS=3 DURATION=10 ARTICLES=5000 … bench/search.sh   # knobs (defaults shown below)
#
# Steps: build release; seed (altto dev seed, with a third of the articles, news posts,
# threads and forum posts in Japanese); time `altto search reindex`; `altto search export`
# into a PostgreSQL database (bench/search_pg.sql: a 'simple' tsvector with a GIN index
# and a pg_trgm GIN index for Japanese substrings; the query is bench/search_pg_query.sql);
# serve; then each round: altto at 8 and 64 connections (wrk, bench/search.lua cycling
# through bench/search_queries.txt), PostgreSQL at 8 and 64 clients (pgbench, a random
# query of the same list per transaction). The report goes to stdout and to
# $BENCH_DIR/search-<backend>/search-report.txt.
#
# Needs: a Rust toolchain, PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) with
# its contrib extensions (pg_trgm), psql and pgbench; installs Debian's wrk and
# postgresql-client if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
[ "${1:-}" = "--postgres" ] && backend=postgres

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
MEMBERS=${MEMBERS:-20000}
COURSES=${COURSES:-50}
LESSONS=${LESSONS:-20}
ARTICLES=${ARTICLES:-5000}
FORUM_THREADS=${FORUM_THREADS:-10000}
FORUM_POSTS=${FORUM_POSTS:-100000}
# Progress rows and quiz attempts are not searched: only a few, to seed quickly.
PROGRESS=${PROGRESS:-1000}
ATTEMPTS=${ATTEMPTS:-1000}
WORK=${BENCH_DIR:-/var/tmp/altto-bench}/search-$backend
PORT=${PORT:-18097}
PG="postgres://postgres@127.0.0.1:5432"
DB_ALTTO=altto_search_bench  # altto's own database with --postgres
DB_FTS=altto_search_fts      # the PostgreSQL full-text search compared with
QUERIES=bench/search_queries.txt
RECALL=bench/search_recall.tsv
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/altto-target}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client >/dev/null
fi
psql_to() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$@"; }
if ! psql_to postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
  echo "error: no PostgreSQL on 127.0.0.1:5432 for user postgres; start it, e.g." >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  exit 1
fi
if [ -z "$(psql_to postgres -Atc "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")" ]; then
  echo "error: PostgreSQL's pg_trgm extension is not installed (Debian: the postgresql package's contrib)" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "error: port $PORT is already in use; stop what listens there (another benchmark?) or set PORT" >&2
  exit 1
fi

rm -rf "$WORK" && mkdir -p "$WORK/pglog"
echo "==> building release" >&2
cargo build --release --locked -q
altto="$CARGO_TARGET_DIR/release/altto"
"$altto" search --help >/dev/null 2>&1 || { echo "error: this altto has no 'search' command" >&2; exit 1; }

now() { python3 -c 'import time; print(time.time())'; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; }
data="$WORK/data"
args=(--data-dir "$data")
if [ "$backend" = postgres ]; then
  psql_to postgres -c "DROP DATABASE IF EXISTS $DB_ALTTO WITH (FORCE)" -c "CREATE DATABASE $DB_ALTTO"
  args+=(--database-url "$PG/$DB_ALTTO")
fi
scale="$MEMBERS members, $COURSES courses × $LESSONS lessons, $ARTICLES articles and news posts, $FORUM_POSTS forum posts in $FORUM_THREADS threads"
echo "==> seeding ($scale)" >&2
seed_started=$(now)
"$altto" dev seed "${args[@]}" --members "$MEMBERS" --courses "$COURSES" --lessons-per-course "$LESSONS" \
  --progress "$PROGRESS" --attempts "$ATTEMPTS" --articles "$ARTICLES" \
  --forum-threads "$FORUM_THREADS" --forum-posts "$FORUM_POSTS" >"$WORK/seed.log" 2>&1 \
  || { tail -n 20 "$WORK/seed.log" >&2; exit 1; }
seed_seconds=$(since "$seed_started")

echo "==> altto search reindex" >&2
reindex_started=$(now)
"$altto" search reindex "${args[@]}" >"$WORK/reindex.log" 2>&1 || { tail -n 20 "$WORK/reindex.log" >&2; exit 1; }
reindex_seconds=$(since "$reindex_started")
# "indexed 105321 documents in 23.4 s (4501 documents/s) …", after a progress bar drawn with \r
reindex_line=$(tr '\r' '\n' <"$WORK/reindex.log" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '^indexed [0-9]+ ' | tail -n 1)
[ -n "$reindex_line" ] || { echo "error: no 'indexed N documents' line from altto search reindex:" >&2; tail -n 5 "$WORK/reindex.log" >&2; exit 1; }
documents=$(echo "$reindex_line" | awk '{print $2}')
echo "    $reindex_line (wall clock, process start included: $reindex_seconds s)" >&2

echo "==> altto search export, loaded into PostgreSQL ($DB_FTS)" >&2
"$altto" search export "${args[@]}" --out "$WORK/export.jsonl" >"$WORK/export.log" 2>&1 \
  || { tail -n 20 "$WORK/export.log" >&2; exit 1; }
psql_to postgres -c "DROP DATABASE IF EXISTS $DB_FTS WITH (FORCE)" -c "CREATE DATABASE $DB_FTS"
pg_started=$(now)
psql_to "$DB_FTS" -v queries="$(cat "$QUERIES")" -f bench/search_pg.sql <"$WORK/export.jsonl"
pg_build_seconds=$(since "$pg_started")
pg_documents=$(psql_to "$DB_FTS" -Atc 'SELECT count(*) FROM docs')
queries=$(psql_to "$DB_FTS" -Atc 'SELECT count(*) FROM bench_queries')
echo "    $pg_documents documents loaded and indexed in $pg_build_seconds s" >&2

# pgbench: a random query of the list per transaction, then the search itself.
{
  echo "\\set n random(1, $queries)"
  echo "SELECT quote_literal(q) AS q FROM bench_queries WHERE id = :n \\gset"
  cat bench/search_pg_query.sql
} >"$WORK/pgbench.sql"

cleanup() { [ -n "${altto_pid:-}" ] && kill "$altto_pid" 2>/dev/null || true; }
trap cleanup EXIT
echo "==> altto serve on 127.0.0.1:$PORT" >&2
ALTTO_LOG=warn "$altto" serve "${args[@]}" --bind "127.0.0.1:$PORT" >"$WORK/altto.log" 2>&1 &
altto_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/search?q=test")" = 200 ] && break
  kill -0 "$altto_pid" 2>/dev/null || { echo "error: altto serve stopped:" >&2; tail -n 20 "$WORK/altto.log" >&2; exit 1; }
  sleep 0.2
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/search?q=test")" = 200 ] \
  || { echo "error: GET /api/v1/search?q=test does not answer 200 after 120 s" >&2; exit 1; }

run_wrk() { # connections seconds
  QUERIES="$QUERIES" wrk -t2 -c"$1" -d"${2}s" --timeout 30s --latency -s bench/search.lua "$base" 2>&1
}
run_pgbench() { # connections seconds log-prefix
  pgbench -n -h 127.0.0.1 -U postgres -f "$WORK/pgbench.sql" -c "$1" -j 2 -T "$2" -l --log-prefix="$3" "$DB_FTS" 2>&1
}
echo "==> warming up (altto and PostgreSQL, 3 s each)" >&2
run_wrk 8 3 >/dev/null
run_pgbench 8 3 "$WORK/pglog/warmup" >/dev/null

results="$WORK/results.tsv"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
  for conns in 8 64; do
    out=$(run_wrk "$conns" "$DURATION")
    echo "$out" >"$WORK/wrk-r$round-c$conns.txt"
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i} END {print s+0}')
    read -r p50ms p99ms < <(python3 bench/search_report.py millis "$p50" "$p99")
    printf '%s\taltto\t%s\t%s\t%s\t%s\t%s\n' "$round" "$conns" "$rps" "$p50ms" "$p99ms" "$errors" >>"$results"
    echo "    round $round: altto @$conns: $rps req/s, p50 $p50, p99 $p99, errors $errors" >&2
  done
  for conns in 8 64; do
    prefix="$WORK/pglog/r$round-c$conns"
    out=$(run_pgbench "$conns" "$DURATION" "$prefix")
    echo "$out" >"$WORK/pgbench-r$round-c$conns.txt"
    tps=$(echo "$out" | awk '/^tps = / {print $3; exit}')
    failed=$(echo "$out" | awk '/number of failed transactions/ {print $5+0}')
    read -r p50ms p99ms _ < <(python3 bench/search_report.py pglat "$prefix")
    printf '%s\tpostgres-fts\t%s\t%s\t%s\t%s\t%s\n' "$round" "$conns" "$tps" "$p50ms" "$p99ms" "${failed:-0}" >>"$results"
    echo "    round $round: PostgreSQL FTS @$conns: $tps tps, p50 ${p50ms} ms, p99 ${p99ms} ms, failed ${failed:-0}" >&2
  done
done

rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$altto_pid/status")
echo "==> recall ($RECALL)" >&2
python3 bench/search_report.py recall altto "$base" "$RECALL" >"$WORK/recall.tsv"
python3 bench/search_report.py recall pg "psql -h 127.0.0.1 -U postgres -d $DB_FTS" bench/search_pg_query.sql "$RECALL" >>"$WORK/recall.tsv"

index_bytes=$(du -sb "$data/search" | awk '{print $1}')
sizes=$(psql_to "$DB_FTS" -AtF ' ' -c "SELECT pg_table_size('docs'), pg_relation_size('docs_tsv'), pg_relation_size('docs_trgm')")
read -r pg_table_bytes pg_tsv_bytes pg_trgm_bytes <<<"$sizes"
reproduce="ROUNDS=$ROUNDS DURATION=$DURATION MEMBERS=$MEMBERS COURSES=$COURSES LESSONS=$LESSONS ARTICLES=$ARTICLES FORUM_THREADS=$FORUM_THREADS FORUM_POSTS=$FORUM_POSTS bench/search.sh${1:+ $1}   # at $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d)"
{
  echo "backend=$backend"
  echo "documents=$documents"
  echo "scale=$scale"
  echo "seed_seconds=$seed_seconds"
  echo "reindex_line=$reindex_line (wall clock with process start: $reindex_seconds s)"
  echo "pg_documents=$pg_documents"
  echo "pg_build_seconds=$pg_build_seconds"
  echo "index_bytes=$index_bytes"
  echo "index_dir=$data/search"
  echo "pg_table_bytes=$pg_table_bytes"
  echo "pg_tsv_bytes=$pg_tsv_bytes"
  echo "pg_trgm_bytes=$pg_trgm_bytes"
  echo "rss_kib=$rss_kib"
  echo "queries=$queries"
  echo "queries_file=$QUERIES"
  echo "rounds=$ROUNDS"
  echo "duration=$DURATION"
  echo "pg_version=$(psql_to postgres -Atc 'SHOW server_version' | awk '{print $1}')"
  echo "pg_shared_buffers=$(psql_to postgres -Atc 'SHOW shared_buffers')"
  echo "cpus=$(nproc)"
  echo "reproduce=$reproduce"
} >"$WORK/meta.txt"
python3 bench/search_report.py report "$results" "$WORK/recall.tsv" "$WORK/meta.txt" | tee "$WORK/search-report.txt"

#!/usr/bin/env bash
# Side-by-side benchmark: altto against nginx serving a saved copy of the same lesson
# page, in one run, interleaved rounds. See docs/performance.md.
#
#   bench/run.sh                 # SQLite (the default), full community scale
#   bench/run.sh --postgres      # the same against the machine's PostgreSQL
#   ROUNDS=3 DURATION=10 MEMBERS=20000 … bench/run.sh   # knobs (defaults shown in the code)
#
# Needs: a Rust toolchain; installs Debian's nginx-light and wrk if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=sqlite
[ "${1:-}" = "--postgres" ] && backend=postgres

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
MEMBERS=${MEMBERS:-20000}
COURSES=${COURSES:-50}
LESSONS=${LESSONS:-20}
PROGRESS=${PROGRESS:-1000000}
ATTEMPTS=${ATTEMPTS:-200000}
SESSIONS=${SESSIONS:-1000}
WORK=${BENCH_DIR:-/var/tmp/altto-bench}/$backend
PORT_ALTTO=18080
PORT_STATIC=18081
PORT_DYNAMIC=18082
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/altto-target}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi

echo "==> building release" >&2
cargo build --release --locked -q
altto="$CARGO_TARGET_DIR/release/altto"

rm -rf "$WORK" && mkdir -p "$WORK/www" "$WORK/nginx"
db_args=(--data-dir "$WORK/data")
if [ "$backend" = postgres ]; then
  psql -q -h 127.0.0.1 -U postgres -d postgres -c 'DROP DATABASE IF EXISTS altto_bench WITH (FORCE)' -c 'CREATE DATABASE altto_bench' >/dev/null
  db_args+=(--database-url postgres://postgres@127.0.0.1:5432/altto_bench)
fi

echo "==> seeding ($MEMBERS members, $COURSES courses × $LESSONS lessons, $PROGRESS progress rows, $ATTEMPTS attempts)" >&2
now() { python3 -c 'import time; print(time.time())'; }
seed_started=$(now)
"$altto" dev seed "${db_args[@]}" --members "$MEMBERS" --courses "$COURSES" --lessons-per-course "$LESSONS" \
  --progress "$PROGRESS" --attempts "$ATTEMPTS" --sessions "$SESSIONS" --sessions-file "$WORK/sessions.txt" 2>/dev/null
seed_seconds=$(python3 -c "print($(now) - $seed_started)")

for port in $PORT_ALTTO $PORT_STATIC $PORT_DYNAMIC; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is already in use; stop what listens there (another benchmark?) and try again" >&2
    exit 1
  fi
done
cleanup() { kill "$altto_pid" "$nginx_pid" 2>/dev/null || true; }
trap cleanup EXIT
ALTTO_LOG=warn "$altto" serve "${db_args[@]}" --bind 127.0.0.1:$PORT_ALTTO >"$WORK/altto.log" 2>&1 &
altto_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT_ALTTO/readyz" >/dev/null && break; sleep 0.1; done

lesson=/courses/course-000/lessons/lesson-0
course=/courses/course-000
base="http://127.0.0.1:$PORT_ALTTO"

# The same bytes for nginx: the anonymous lesson page and its stylesheet.
curl -sf "$base$lesson" -o "$WORK/www/lesson.html"
css=$(grep -o '/assets/style\.[0-9a-f]*\.css' "$WORK/www/lesson.html" | head -n1)
mkdir -p "$WORK/www/assets" && curl -sf "$base$css" -o "$WORK/www$css"
gzip -k -9 "$WORK/www/lesson.html" "$WORK/www$css"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  types { text/html html; text/css css; }
  sendfile on;
  tcp_nopush on;
  server { listen 127.0.0.1:$PORT_STATIC; root $WORK/www; gzip_static on; }
  server { listen 127.0.0.1:$PORT_DYNAMIC; root $WORK/www; gzip on; gzip_types text/css; }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
sleep 0.5

# The quiz of the first lesson: answer the first choice of every question.
quiz_body=$(curl -sf "$base$lesson" | grep -o 'name="q[0-9]*" value="0"' | sed 's/name="\(q[0-9]*\)" value="0"/\1=0/' | paste -sd'&')
revision=$(curl -sf "$base$lesson" | grep -o 'name="revision" value="[0-9]*"' | sed 's/.*value="\([0-9]*\)"/\1/')
quiz_body="revision=$revision&$quiz_body"

export SESSIONS="$WORK/sessions.txt"
read -r first_cookie first_token <"$SESSIONS"
check=$(curl -s -o /dev/null -w '%{http_code}' -b "altto_session=$first_cookie" --data "_csrf=$first_token&$quiz_body" "$base$lesson/quiz")
[ "$check" = 200 ] || { echo "error: a quiz submission answered $check, not 200 ($quiz_body)" >&2; exit 1; }
targets=(
  "nginx-static|http://127.0.0.1:$PORT_STATIC/lesson.html|plain|"
  "nginx-dynamic|http://127.0.0.1:$PORT_DYNAMIC/lesson.html|plain|"
  "lesson-anonymous|$base$lesson|plain|"
  "lesson-signed-in|$base$lesson|session|$lesson"
  "catalog|$base/courses|plain|"
  "course-signed-in|$base$course|session|$course"
  "api-progress|$base/api/v1/me/progress|session|/api/v1/me/progress"
  "quiz-submit|$base$lesson/quiz|quiz|$lesson/quiz"
  "home|$base/|plain|"
)

run_wrk() { # name url kind path connections
  local script=bench/session.lua body=""
  [ "$3" = plain ] && script=bench/plain.lua
  [ "$3" = quiz ] && body="$quiz_body"
  BENCH_PATH="$4" BENCH_BODY="$body" wrk -t2 -c"$5" -d"${DURATION}s" --latency -s "$script" "$2" 2>&1
}

results="$WORK/results.tsv"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
  for target in "${targets[@]}"; do
    IFS='|' read -r name url kind path <<<"$target"
    echo "==> round $round: $name" >&2
    out64=$(run_wrk "$name" "$url" "$kind" "$path" 64)
    out8=$(run_wrk "$name" "$url" "$kind" "$path" 8)
    rps=$(echo "$out64" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out64" | awk '/Non-2xx|Socket errors/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i} END {print s+0}')
    p50=$(echo "$out8" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out8" | awk '$1=="99%" {print $2}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$errors" >>"$results"
  done
done

rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$altto_pid/status")
locked=$(grep -c 'database is locked' "$WORK/altto.log" || true)
wire() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$1"; }
lesson_bytes=$(( $(wire "$base$lesson") + $(wire "$base$css") ))
nginx_bytes=$(( $(wire "http://127.0.0.1:$PORT_STATIC/lesson.html") + $(wire "http://127.0.0.1:$PORT_STATIC$css") ))

python3 bench/report.py "$results" "$backend" "$rss_kib" "$lesson_bytes" "$nginx_bytes" "$seed_seconds" "$locked" \
  "$MEMBERS" "$COURSES" "$LESSONS" "$PROGRESS" "$ATTEMPTS" | tee "$WORK/report.md"

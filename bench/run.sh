#!/usr/bin/env bash
# Side-by-side benchmark: altto against nginx serving a saved copy of the same lesson
# (and library article) page, in one run, interleaved rounds. See docs/performance.md.
#
#   bench/run.sh                 # SQLite (the default), full community scale
#   bench/run.sh --postgres      # the same against the machine's PostgreSQL
#   ROUNDS=3 DURATION=10 MEMBERS=20000 … bench/run.sh   # knobs (defaults shown in the code)
#   BASELINE=<git revision> bench/run.sh   # also an earlier altto, side by side, same run
#   ONLY='thread|reply' bench/run.sh       # only the targets whose names match
#
# Needs: a Rust toolchain; installs Debian's nginx-light and wrk if missing.
# Search is measured apart, against PostgreSQL's full-text search: bench/search.sh.
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
ARTICLES=${ARTICLES:-5000}
FORUM_THREADS=${FORUM_THREADS:-10000}
FORUM_POSTS=${FORUM_POSTS:-100000}
ATTEMPTS=${ATTEMPTS:-200000}
SESSIONS=${SESSIONS:-1000}
WORK=${BENCH_DIR:-/var/tmp/altto-bench}/$backend
PORT_ALTTO=18080
PORT_STATIC=18081
PORT_DYNAMIC=18082
PORT_BASELINE=18083
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/altto-target}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light wrk >/dev/null
fi

rm -rf "$WORK" && mkdir -p "$WORK/www" "$WORK/nginx"
# An earlier altto to compare with: built once from its own checkout (kept by commit
# under $BENCH_DIR), seeded and served the same way, measured in the same rounds.
if [ -n "${BASELINE:-}" ]; then
  baseline_rev=$(git rev-parse --short "$BASELINE")
  baseline_bin="${BENCH_DIR:-/var/tmp/altto-bench}/altto-$baseline_rev"
  if [ ! -x "$baseline_bin" ]; then
    baseline_src="$WORK/baseline-src"
    git worktree prune
    git worktree add -q --detach "$baseline_src" "$BASELINE"
    echo "==> building the baseline ($baseline_rev)" >&2
    (cd "$baseline_src" && cargo build --release --locked -q)
    cp "$CARGO_TARGET_DIR/release/altto" "$baseline_bin"
    git worktree remove --force "$baseline_src"
  fi
  cp "$baseline_bin" "$WORK/altto-baseline"
fi
echo "==> building release" >&2
cargo build --release --locked -q
altto="$CARGO_TARGET_DIR/release/altto"

now() { python3 -c 'import time; print(time.time())'; }
seed() { # binary data-dir database sessions-file
  local args=(--data-dir "$2")
  if [ "$backend" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $3 WITH (FORCE)" -c "CREATE DATABASE $3" >/dev/null
    args+=(--database-url "postgres://postgres@127.0.0.1:5432/$3")
  fi
  local forum=()  # a baseline from before the forum was generated has no such options
  "$1" dev seed --help | grep -q -- --forum-threads && forum=(--forum-threads "$FORUM_THREADS" --forum-posts "$FORUM_POSTS")
  "$1" dev seed "${args[@]}" --members "$MEMBERS" --courses "$COURSES" --lessons-per-course "$LESSONS" \
    --progress "$PROGRESS" --attempts "$ATTEMPTS" --articles "$ARTICLES" "${forum[@]}" --sessions "$SESSIONS" \
    --sessions-file "$4" 2>/dev/null
  printf '%s\n' "${args[@]}" >"$4.args"
}
echo "==> seeding ($MEMBERS members, $COURSES courses × $LESSONS lessons, $PROGRESS progress rows, $ATTEMPTS attempts, $ARTICLES articles and posts, $FORUM_POSTS forum posts in $FORUM_THREADS threads)" >&2
seed_started=$(now)
seed "$altto" "$WORK/data" altto_bench "$WORK/sessions.txt"
seed_seconds=$(python3 -c "print($(now) - $seed_started)")
[ -n "${BASELINE:-}" ] && seed "$WORK/altto-baseline" "$WORK/data-baseline" altto_bench_baseline "$WORK/sessions-baseline.txt"

for port in $PORT_ALTTO $PORT_STATIC $PORT_DYNAMIC $PORT_BASELINE; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port is already in use; stop what listens there (another benchmark?) and try again" >&2
    exit 1
  fi
done
baseline_pid=""
cleanup() { kill "$altto_pid" "$nginx_pid" $baseline_pid 2>/dev/null || true; }
trap cleanup EXIT
serve() { # binary sessions-file port log
  mapfile -t args <"$2.args"
  # Replies come from SESSIONS members at ~1 a second each, beyond any member's posting
  # limit: the limits are still counted on every reply, but do not refuse it.
  ALTTO_LOG=warn ALTTO_FORUM_POSTING_LIMITS=false "$1" serve "${args[@]}" --bind "127.0.0.1:$3" >"$4" 2>&1 &
  served_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$3/readyz" >/dev/null && break; sleep 0.1; done
}
serve "$altto" "$WORK/sessions.txt" $PORT_ALTTO "$WORK/altto.log"
altto_pid=$served_pid
if [ -n "${BASELINE:-}" ]; then
  serve "$WORK/altto-baseline" "$WORK/sessions-baseline.txt" $PORT_BASELINE "$WORK/baseline.log"
  baseline_pid=$served_pid
fi

lesson=/courses/course-000/lessons/lesson-0
course=/courses/course-000
article=/library/article-0000
# The first generated thread has one full page of posts; replies go to the second.
thread=/community/t/1
reply_to=/community/t/2/replies
base="http://127.0.0.1:$PORT_ALTTO"

# The same bytes for nginx: the anonymous lesson and article pages and their stylesheet.
curl -sf "$base$lesson" -o "$WORK/www/lesson.html"
curl -sf "$base$article" -o "$WORK/www/article.html"
curl -sf "$base$thread" -o "$WORK/www/thread.html"
posts_shown=$(grep -o 'id="post-[0-9]*"' "$WORK/www/thread.html" | wc -l)
[ "$posts_shown" -ge 50 ] || { echo "error: $thread shows $posts_shown posts, not a full page of 50" >&2; exit 1; }
css=$(grep -o '/assets/style\.[0-9a-f]*\.css' "$WORK/www/lesson.html" | head -n1)
mkdir -p "$WORK/www/assets" && curl -sf "$base$css" -o "$WORK/www$css"
gzip -k -9 "$WORK/www/lesson.html" "$WORK/www/article.html" "$WORK/www/thread.html" "$WORK/www$css"
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
quiz_of() { # base sessions-file
  local body revision cookie token check
  body=$(curl -sf "$1$lesson" | grep -o 'name="q[0-9]*" value="0"' | sed 's/name="\(q[0-9]*\)" value="0"/\1=0/' | paste -sd'&')
  revision=$(curl -sf "$1$lesson" | grep -o 'name="revision" value="[0-9]*"' | sed 's/.*value="\([0-9]*\)"/\1/')
  body="revision=$revision&$body"
  read -r cookie token <"$2"
  check=$(curl -s -o /dev/null -w '%{http_code}' -b "altto_session=$cookie" --data "_csrf=$token&$body" "$1$lesson/quiz")
  [ "$check" = 200 ] || { echo "error: a quiz submission to $1 answered $check, not 200 ($body)" >&2; exit 1; }
  echo "$body"
}
quiz_body=$(quiz_of "$base" "$WORK/sessions.txt")

# A reply as a member: the form's answer is a redirect to the new post.
reply_check() { # base sessions-file
  local cookie token check
  read -r cookie token <"$2"
  check=$(curl -s -o /dev/null -w '%{http_code}' -b "altto_session=$cookie" --data "_csrf=$token&body=Checking+that+replies+work" "$1$reply_to")
  [ "$check" = 303 ] || { echo "error: a reply to $1$reply_to answered $check, not 303" >&2; exit 1; }
}
reply_check "$base" "$WORK/sessions.txt"
reply_body="body=Thanks+for+sharing+this%2C+I+will+try+it+with+my+second+graders+next+week"

# name|url|kind|path|sessions file|quiz body
altto_targets() { # prefix base sessions-file quiz-body
  printf '%s\n' \
    "${1}lesson-anonymous|$2$lesson|plain|||" \
    "${1}lesson-signed-in|$2$lesson|session|$lesson|$3|" \
    "${1}catalog|$2/courses|plain|||" \
    "${1}course-signed-in|$2$course|session|$course|$3|" \
    "${1}api-progress|$2/api/v1/me/progress|session|/api/v1/me/progress|$3|" \
    "${1}quiz-submit|$2$lesson/quiz|quiz|$lesson/quiz|$3|$4" \
    "${1}article-anonymous|$2$article|plain|||" \
    "${1}article-signed-in|$2$article|session|$article|$3|" \
    "${1}thread-anonymous|$2$thread|plain|||" \
    "${1}thread-signed-in|$2$thread|session|$thread|$3|" \
    "${1}reply-post|$2$reply_to|post|$reply_to|$3|$reply_body" \
    "${1}home|$2/|plain|||"
}
mapfile -t targets < <(
  printf '%s\n' "nginx-static|http://127.0.0.1:$PORT_STATIC/lesson.html|plain|||" \
    "nginx-dynamic|http://127.0.0.1:$PORT_DYNAMIC/lesson.html|plain|||" \
    "nginx-static-article|http://127.0.0.1:$PORT_STATIC/article.html|plain|||" \
    "nginx-dynamic-article|http://127.0.0.1:$PORT_DYNAMIC/article.html|plain|||" \
    "nginx-static-thread|http://127.0.0.1:$PORT_STATIC/thread.html|plain|||" \
    "nginx-dynamic-thread|http://127.0.0.1:$PORT_DYNAMIC/thread.html|plain|||"
  altto_targets "" "$base" "$WORK/sessions.txt" "$quiz_body"
  if [ -n "${BASELINE:-}" ]; then
    baseline_base="http://127.0.0.1:$PORT_BASELINE"
    altto_targets "baseline:" "$baseline_base" "$WORK/sessions-baseline.txt" "$(quiz_of "$baseline_base" "$WORK/sessions-baseline.txt")"
  fi
)

# ONLY=<regex> measures only the targets whose names match (e.g. ONLY='thread|reply'):
# for a quick look while working; a reported run measures them all.
if [ -n "${ONLY:-}" ]; then
  mapfile -t targets < <(printf '%s\n' "${targets[@]}" | grep -E "^[^|]*(${ONLY})[^|]*\|")
fi

run_wrk() { # url kind path sessions body connections
  local script=bench/session.lua
  [ "$2" = plain ] && script=bench/plain.lua
  local unique=0
  [ "$2" = post ] && unique=1
  SESSIONS="$4" BENCH_PATH="$3" BENCH_BODY="$5" BENCH_UNIQUE=$unique wrk -t2 -c"$6" -d"${DURATION}s" --latency -s "$script" "$1" 2>&1
}

results="$WORK/results.tsv"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
  for target in "${targets[@]}"; do
    IFS='|' read -r name url kind path sessions body <<<"$target"
    echo "==> round $round: $name" >&2
    out64=$(run_wrk "$url" "$kind" "$path" "$sessions" "$body" 64)
    out8=$(run_wrk "$url" "$kind" "$path" "$sessions" "$body" 8)
    rps=$(echo "$out64" | awk '/Requests\/sec/ {print $2}')
    errors=$(echo "$out64" | awk '/Non-2xx|Socket errors/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) s+=$i} END {print s+0}')
    p50=$(echo "$out8" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out8" | awk '$1=="99%" {print $2}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$errors" >>"$results"
  done
done

rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$altto_pid/status")
baseline_rss_kib=0
[ -n "$baseline_pid" ] && baseline_rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$baseline_pid/status")
locked=$(grep -c 'database is locked' "$WORK/altto.log" || true)
wire() { curl -s -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$1"; }
lesson_bytes=$(( $(wire "$base$lesson") + $(wire "$base$css") ))
nginx_bytes=$(( $(wire "http://127.0.0.1:$PORT_STATIC/lesson.html") + $(wire "http://127.0.0.1:$PORT_STATIC$css") ))

reproduce="ROUNDS=$ROUNDS DURATION=$DURATION MEMBERS=$MEMBERS COURSES=$COURSES LESSONS=$LESSONS PROGRESS=$PROGRESS ATTEMPTS=$ATTEMPTS ARTICLES=$ARTICLES FORUM_THREADS=$FORUM_THREADS FORUM_POSTS=$FORUM_POSTS SESSIONS=$SESSIONS${BASELINE:+ BASELINE=$(git rev-parse --short "$BASELINE")} bench/run.sh${1:+ $1}   # at $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d)"
python3 bench/report.py "$results" "$backend" "$rss_kib" "$lesson_bytes" "$nginx_bytes" "$seed_seconds" "$locked" \
  "$MEMBERS" "$COURSES" "$LESSONS" "$PROGRESS" "$ATTEMPTS" "$baseline_rss_kib" "$reproduce" | tee "$WORK/report.md"

"""Helpers of bench/search.sh: latency percentiles from pgbench's per-transaction logs,
the recall queries against altto's API and against PostgreSQL, and the final report
(every round, medians, altto / PostgreSQL ratios, recall per query and in all).

    search_report.py pglat LOG_PREFIX                       -> "p50_ms p99_ms transactions"
    search_report.py millis 812.00us 1.20ms                 -> "0.812 1.200" (wrk's latencies)
    search_report.py recall altto BASE_URL RECALL_TSV       -> TSV rows (see recall())
    search_report.py recall pg "PSQL COMMAND" QUERY_SQL RECALL_TSV
    search_report.py report RESULTS_TSV RECALL_ROWS_TSV META_FILE
"""
import glob
import json
import shlex
import statistics
import subprocess
import sys
import urllib.parse
import urllib.request


def percentile(values, fraction):
    """The nearest-rank percentile of sorted `values`."""
    if not values:
        return float("nan")
    rank = max(1, -(-len(values) * fraction // 1))  # ceil(n * fraction), at least 1
    return values[int(rank) - 1]


def pglat(prefix):
    """pgbench -l writes `client transaction latency_us script epoch us` per transaction,
    one file per thread (PREFIX.PID and PREFIX.PID.N)."""
    latencies = []
    for path in glob.glob(glob.escape(prefix) + ".*"):
        with open(path) as log:
            for line in log:
                fields = line.split()
                if len(fields) >= 3:
                    latencies.append(int(fields[2]) / 1000.0)
    latencies.sort()
    print(f"{percentile(latencies, 0.5):.2f} {percentile(latencies, 0.99):.2f} {len(latencies)}")


def altto_top(base, query):
    url = f"{base}/api/v1/search?q={urllib.parse.quote(query)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    return [result["url"] for result in answer["results"]], answer.get("total", -1)


def pg_top(psql, query_sql, query):
    literal = "'" + query.replace("'", "''") + "'"
    command = shlex.split(psql) + ["-X", "-q", "-At", "-F", "\x1f", "-R", "\x1e",
                                   "-v", f"q={literal}", "-f", query_sql]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rows = [row for row in out.split("\x1e") if row.strip()]
    return [row.split("\x1f")[0].strip() for row in rows], -1


def path_of(url):
    """The address without scheme, host, query or fragment (results may carry a #part)."""
    parsed = urllib.parse.urlsplit(url)
    return parsed.path.rstrip("/") or "/"


def recall(engine, args):
    """One row per recall query: engine, query, expected path, rank of the expected page
    among the first ten results (0: not there), total found (-1: not known), top three."""
    *where, recall_tsv = args
    label = "postgres-fts" if engine == "pg" else engine
    for line in open(recall_tsv, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        query, expected = line.rstrip("\n").split("\t")
        if engine == "altto":
            urls, total = altto_top(where[0], query)
        else:
            urls, total = pg_top(where[0], where[1], query)
        paths = [path_of(u) for u in urls[:10]]
        rank = paths.index(expected) + 1 if expected in paths else 0
        print("\t".join([label, query, expected, str(rank), str(total), " ".join(paths[:3])]))


def millis(text):
    """wrk latency ('812.00us', '1.20ms', '2.01s', '1.02m') in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")


def report(results_tsv, recall_tsv, meta_file):
    meta = dict(line.rstrip("\n").split("=", 1) for line in open(meta_file, encoding="utf-8") if "=" in line)
    rows = [line.rstrip("\n").split("\t") for line in open(results_tsv) if line.strip()]
    # round, engine, connections, req/s, p50 ms, p99 ms, errors
    runs = {}
    for rnd, engine, conns, rps, p50, p99, errors in rows:
        runs.setdefault((engine, int(conns)), []).append(
            (int(rnd), float(rps or 0), float(p50), float(p99), int(errors or 0)))
    print(f"## Search benchmark: altto against PostgreSQL full-text search ({meta['backend']})\n")
    print(f"- documents: {meta['documents']} in altto's index "
          f"(seeded: {meta['scale']}; seeding took {float(meta['seed_seconds']):.1f} s)")
    print(f"- altto index build: {meta['reindex_line']}")
    print(f"- PostgreSQL load + index build: {meta['pg_documents']} documents in "
          f"{float(meta['pg_build_seconds']):.1f} s "
          f"({int(meta['pg_documents']) / max(float(meta['pg_build_seconds']), 0.001):,.0f} documents/s)")
    print(f"- index size: altto {int(meta['index_bytes']) / 2**20:.1f} MiB on disk ({meta['index_dir']}); "
          f"PostgreSQL table {int(meta['pg_table_bytes']) / 2**20:.1f} MiB + tsvector GIN "
          f"{int(meta['pg_tsv_bytes']) / 2**20:.1f} MiB + trigram GIN {int(meta['pg_trgm_bytes']) / 2**20:.1f} MiB")
    print(f"- peak RSS of altto serve (VmHWM): {int(meta['rss_kib']) / 1024:.1f} MiB")
    print(f"- queries: {meta['queries']} ({meta['queries_file']}), cycled; "
          f"{meta['rounds']} interleaved round(s) of {meta['duration']} s per measurement")
    print(f"- load generators: wrk -t2 -cN --latency on GET /api/v1/search; "
          f"pgbench -n -j2 -cN -T{meta['duration']} with a random query per transaction")
    print(f"- PostgreSQL: {meta['pg_version']}, shared_buffers {meta['pg_shared_buffers']}, "
          f"on the same machine ({meta['cpus']} CPUs), as are altto and the load generators")
    print()
    print("Each round (req/s; p50 / p99 ms; errors):\n")
    rounds = sorted({r[0] for v in runs.values() for r in v})
    print("| engine | connections | " + " | ".join(f"round {n}" for n in rounds) + " |")
    print("|---|---:|" + "---|" * len(rounds))
    for (engine, conns), values in sorted(runs.items()):
        by = {r[0]: r for r in values}
        cells = [f"{by[n][1]:,.1f}; {by[n][2]:.2f} / {by[n][3]:.2f}; {by[n][4]}" if n in by else "-" for n in rounds]
        print(f"| {engine} | {conns} | " + " | ".join(cells) + " |")
    print()
    print("Medians over the rounds:\n")
    print("| engine | connections | req/s | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = {}
    for (engine, conns), values in sorted(runs.items()):
        m = tuple(statistics.median(r[i] for r in values) for i in (1, 2, 3))
        medians[(engine, conns)] = m
        print(f"| {engine} | {conns} | {m[0]:,.1f} | {m[1]:.2f} | {m[2]:.2f} | {sum(r[4] for r in values)} |")
    print()
    print("altto / PostgreSQL (medians; req/s above 1 and latency below 1 favour altto):\n")
    print("| connections | req/s ratio | p50 ratio | p99 ratio |")
    print("|---:|---:|---:|---:|")
    for conns in sorted({c for _, c in medians}):
        a, p = medians.get(("altto", conns)), medians.get(("postgres-fts", conns))
        if a and p:
            ratio = lambda x, y: f"{x / y:.2f}" if y else "inf"  # noqa: E731
            print(f"| {conns} | {ratio(a[0], p[0])} | {ratio(a[1], p[1])} | {ratio(a[2], p[2])} |")
    print()
    recall_rows = [line.rstrip("\n").split("\t") for line in open(recall_tsv, encoding="utf-8") if line.strip()]
    engines = list(dict.fromkeys(r[0] for r in recall_rows))
    by_query = {}
    for engine, query, expected, rank, total, top3 in recall_rows:
        by_query.setdefault((query, expected), {})[engine] = (int(rank), int(total), top3)
    print("Recall: is the expected starter page among the first 3 / 10 results? (rank; '-' = not in the top 10)\n")
    print("| query | expected page | " + " | ".join(engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for (query, expected), found in by_query.items():
        cells = []
        for engine in engines:
            rank = found.get(engine, (0, -1, ""))[0]
            mark = "top 3" if 1 <= rank <= 3 else "top 10" if rank else "missed"
            cells.append(f"{mark} ({rank or '-'})")
        print(f"| {query} | {expected} | " + " | ".join(cells) + " |")
    print()
    for engine in engines:
        ranks = [f[engine][0] for f in by_query.values() if engine in f]
        at3 = sum(1 for r in ranks if 1 <= r <= 3)
        at10 = sum(1 for r in ranks if r)
        print(f"- {engine}: recall@3 {at3}/{len(ranks)} ({at3 / len(ranks):.0%}), "
              f"recall@10 {at10}/{len(ranks)} ({at10 / len(ranks):.0%})")
    misses = [(q, e, engine, f[engine][2]) for (q, e), f in by_query.items() for engine in engines
              if engine in f and not 1 <= f[engine][0] <= 3]
    if misses:
        print("\nWhat came first where the expected page was not in the top 3:\n")
        for query, expected, engine, top3 in misses:
            print(f"- {engine}, {query!r} (expected {expected}): {top3 or '(nothing found)'}")
    print(f"\n- reproduce: `{meta['reproduce']}`")


def main():
    command, *args = sys.argv[1:]
    if command == "pglat":
        pglat(args[0])
    elif command == "millis":
        print(" ".join(f"{millis(text):.3f}" for text in args))
    elif command == "recall":
        recall(args[0], args[1:])
    elif command == "report":
        report(*args)
    else:
        sys.exit(f"unknown command {command}")


main()

"""Turns bench/run.sh's raw results into the Markdown tables of docs/performance.md:
medians over the rounds, each altto figure as a ratio to nginx from the same run, each
round's figures, and (with BASELINE) this altto against the earlier one, round by round."""
import statistics
import sys


def millis(text):
    """wrk latency ('812.00us', '1.20ms', '2.01s') in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")


def nginx_for(name, known):
    """The nginx rows a page is compared with: a copy of the same kind of page."""
    for kind in ("article", "thread"):
        if kind in name and f"nginx-static-{kind}" in known:
            return f"nginx-static-{kind}", f"nginx-dynamic-{kind}"
    if "nginx-static" not in known:  # a run with ONLY= that left the lesson copy out
        return next((s, d) for s, d in (("nginx-static-thread", "nginx-dynamic-thread"),
                                         ("nginx-static-article", "nginx-dynamic-article")) if s in known)
    return "nginx-static", "nginx-dynamic"


def main():
    path, backend, rss_kib, lesson_bytes, nginx_bytes, seed_seconds, locked, *rest = sys.argv[1:]
    scale, baseline_rss_kib, reproduce = rest[:5], rest[5], rest[6]
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    names = list(dict.fromkeys(r[1] for r in rows))
    median = {}
    for name in names:
        mine = [r for r in rows if r[1] == name]
        median[name] = {
            "rps": statistics.median(float(r[2] or 0) for r in mine),
            "p50": statistics.median(millis(r[3]) for r in mine),
            "p99": statistics.median(millis(r[4]) for r in mine),
            "errors": sum(int(r[5] or 0) for r in mine),
            "rounds": len(mine),
        }
    print(f"### {backend}: {scale[0]} members, {scale[1]} courses × {scale[2]} lessons, "
          f"{scale[3]} progress rows, {scale[4]} quiz attempts (seeded in {float(seed_seconds):.1f} s)\n")
    print("| page | req/s @64 | × nginx static | × nginx gzip | p50 ms @8 | p99 ms @8 "
          "| p99 × nginx static | p99 × nginx gzip | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        m = median[name]
        # An article or thread page is compared with nginx serving a copy of that page.
        s, d = (median[key] for key in nginx_for(name, median))
        print(f"| {name} | {m['rps']:,.0f} | {m['rps'] / s['rps']:.2f} | {m['rps'] / d['rps']:.2f} "
              f"| {m['p50']:.2f} | {m['p99']:.2f} | {m['p99'] / s['p99']:.2f} "
              f"| {m['p99'] / d['p99']:.2f} | {m['errors']} |")
    print()
    print(f"- rounds: {median[names[0]]['rounds']} (interleaved), medians shown")
    print(f"- peak RSS of altto: {int(rss_kib) / 1024:.1f} MiB")
    print(f"- lesson page on the wire (HTML + CSS, gzip): altto {int(lesson_bytes) / 1024:.1f} KiB, "
          f"nginx copy {int(nginx_bytes) / 1024:.1f} KiB")
    print(f"- 'database is locked' in the log: {locked}")
    if int(baseline_rss_kib):
        print(f"- peak RSS of the baseline: {int(baseline_rss_kib) / 1024:.1f} MiB")
    print(f"- reproduce: `{reproduce}`")
    rounds = sorted({int(r[0]) for r in rows})
    by = {(int(r[0]), r[1]): r for r in rows}
    print("\nEach round, req/s @64 (× nginx gzip of the same page in that round; p99 ms @8):\n")
    print("| page | " + " | ".join(f"round {n}" for n in rounds) + " |")
    print("|---|" + "---:|" * len(rounds))
    for name in names:
        gzip = nginx_for(name, median)[1]
        cells = [f"{float(by[(n, name)][2] or 0):,.0f} ({float(by[(n, name)][2] or 0) / float(by[(n, gzip)][2] or 1):.2f}×; "
                 f"{millis(by[(n, name)][4]):.2f})" for n in rounds]
        print(f"| {name} | " + " | ".join(cells) + " |")
    pairs = [(n, "baseline:" + n) for n in names if "baseline:" + n in median]
    if pairs:
        print("\nThis altto against the baseline, same run: req/s ratio per round (median), p99 ratio (median):\n")
        print("| page | req/s this / baseline, each round | median | p99 this / baseline |")
        print("|---|---|---:|---:|")
        for mine, theirs in pairs:
            per_round = [float(by[(n, mine)][2] or 0) / float(by[(n, theirs)][2] or 1) for n in rounds]
            print(f"| {mine} | {', '.join(f'{x:.2f}' for x in per_round)} "
                  f"| {statistics.median(per_round):.2f} | {median[mine]['p99'] / median[theirs]['p99']:.2f} |")


main()

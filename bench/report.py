"""Turns bench/run.sh's raw results into the Markdown table of docs/performance.md:
medians over the rounds, and each altto figure as a ratio to nginx from the same run."""
import statistics
import sys


def millis(text):
    """wrk latency ('812.00us', '1.20ms', '2.01s') in milliseconds."""
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float("nan")


def main():
    path, backend, rss_kib, lesson_bytes, nginx_bytes, seed_seconds, locked, *scale = sys.argv[1:]
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
    static, dynamic = median["nginx-static"], median["nginx-dynamic"]
    print(f"### {backend}: {scale[0]} members, {scale[1]} courses × {scale[2]} lessons, "
          f"{scale[3]} progress rows, {scale[4]} quiz attempts (seeded in {float(seed_seconds):.1f} s)\n")
    print("| page | req/s @64 | × nginx static | × nginx gzip | p50 ms @8 | p99 ms @8 "
          "| p99 × nginx static | p99 × nginx gzip | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in names:
        m = median[name]
        print(f"| {name} | {m['rps']:,.0f} | {m['rps'] / static['rps']:.2f} | {m['rps'] / dynamic['rps']:.2f} "
              f"| {m['p50']:.2f} | {m['p99']:.2f} | {m['p99'] / static['p99']:.2f} "
              f"| {m['p99'] / dynamic['p99']:.2f} | {m['errors']} |")
    print()
    print(f"- rounds: {median[names[0]]['rounds']} (interleaved), medians shown")
    print(f"- peak RSS of altto: {int(rss_kib) / 1024:.1f} MiB")
    print(f"- lesson page on the wire (HTML + CSS, gzip): altto {int(lesson_bytes) / 1024:.1f} KiB, "
          f"nginx copy {int(nginx_bytes) / 1024:.1f} KiB")
    print(f"- 'database is locked' in the log: {locked}")


main()

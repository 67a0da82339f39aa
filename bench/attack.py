#!/usr/bin/env python3
"""Denial-of-service figures for real `altto` binaries, side by side in one run.

    python3 bench/attack.py BINARY [BINARY ...] [--out FILE] [--only LETTERS]

Each binary (a column of the report) gets a fresh server per scenario: a new SQLite data
folder, accounts made with `altto admin create-user`, a sign-in through the real /login
form, and every POST carrying the page's `_csrf` token, exactly as a browser would. The
scenarios reproduce three defects of the hardening issue, so a fix can be shown by
running the old and the new binary in the same run on the same machine:

  A. (defect 2) Markdown previews of hostile bodies — 20,000 nested block quotes or
     `<div>`s, then two ~200 KB ones at once. Rendering (pulldown-cmark, then ammonia's
     HTML parse) runs on the async worker threads with no nesting bound: how long one
     request takes, whether the process survives, and whether /healthz (polled every
     50 ms) stalls while two of them run on a 2-core machine.
  B. (defect 3) 128 concurrent wrong current-password attempts on /account/password by
     one signed-in member, then one each by 128 members at once (which no per-account
     rate limit stops). Each attempt is an Argon2id verification (19 MiB of memory
     each): peak memory, how long until all are answered, and what memory stays
     afterwards.
  C. (defect 6) Range requests on a 49 MiB course video. A 2-byte `Range: bytes=0-1`
     request should cost next to nothing, but if the handler loads the whole file per
     request, 32 of them hold 32 copies: peak memory and latency for 8 and 32 concurrent
     range requests and for 4 whole-file downloads.

  D. (defect 5) A PostgreSQL outage: a throwaway cluster of its own (initdb, pg_ctl, as
     the postgres user when run as root) is stopped under a running server: how long a
     member's page, a visitor's cached lesson page and /readyz take to answer, and how
     long after the database is back the member's page works again.

Memory is read from /proc/PID/status (VmRSS, VmHWM); the peak is reset with
/proc/PID/clear_refs before each measured step. Stdlib only, Linux only.
"""
import argparse, collections, contextlib, glob, http.client, os, re, shutil, socket, subprocess, sys
import tempfile, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

PASSWORD = "plum kettle orbit 47 lanterns"
NEW_PASSWORD = "violet harbour drums 83 meadow"
WRONG_PASSWORD = "not the password 12 herons"
TIMEOUT = 60  # seconds, per request
MEDIA_BYTES = 49 * 1024 * 1024


def ms_since(start):
    return round((time.monotonic() - start) * 1000)


def mib(kb):
    return "?" if kb is None else f"{kb / 1024:.1f}"


def connect(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn.connect()
    return conn


def fire(target, method, path, body=None, headers=None, sink=False):
    """One request on `target` (a port, or a connection already open), answer read to the
    end: (status, headers, data); with `sink`, data is only the number of bytes received."""
    conn = connect(target) if isinstance(target, int) else target
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        if not sink:
            return resp.status, resp.msg, resp.read()
        received = 0
        while chunk := resp.read(1 << 20):
            received += len(chunk)
        return resp.status, resp.msg, received
    finally:
        conn.close()


def timed(fn, *args, **kw):
    """Runs a request; never raises: {status, ms, data} or {error, ms}."""
    start = time.monotonic()
    try:
        status, _, data = fn(*args, **kw)
        return {"status": status, "ms": ms_since(start), "data": data}
    except Exception as err:  # a failed request is a result, not a crash
        return {"status": None, "error": f"{type(err).__name__}: {err}".strip(), "ms": ms_since(start)}


def outcome(r):
    return f"{r['status']}" if r["status"] else f"error ({r['error']})"


def tally(results):
    counts = collections.Counter(outcome(r) for r in results)
    return ", ".join(f"{n}× {what}" for what, n in counts.most_common())


def burst(port, n, send):
    """`n` requests released together: each thread connects first, then all wait on a
    barrier. `send(conn)` makes the request. Returns (results, ms until all answered)."""
    released = []
    barrier = threading.Barrier(n, action=lambda: released.append(time.monotonic()), timeout=TIMEOUT)

    def one(_):
        connected = timed(lambda: (0, None, connect(port)))
        barrier.wait()
        return timed(send, connected["data"]) if "data" in connected else connected

    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(one, range(n)))
    return results, ms_since(released[0])


class Server:
    """One `altto serve` on a fresh data folder and a free port."""

    def __init__(self, binary):
        self.binary, self.proc, self.port, self.database = binary, None, None, None
        self.dir = tempfile.mkdtemp(prefix="altto-attack-")
        self.data = os.path.join(self.dir, "data")
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        # No ALTTO_* settings or ./altto.toml of the caller's may change what is measured.
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ALTTO_")}

    def database_args(self):
        return ["--database-url", self.database] if self.database else []

    def cli(self, *args, stdin=None):
        run = subprocess.run([self.binary, *args, "--data-dir", self.data, *self.database_args()], input=stdin,
                             capture_output=True, text=True, timeout=600, cwd=self.dir, env=self.env)
        if run.returncode:
            raise RuntimeError(f"`altto {' '.join(args[:2])}` failed: {run.stderr.strip()[-400:]}")

    def create_user(self, email, role):
        self.cli("admin", "create-user", "--email", email, "--name", email.split("@")[0].title(),
                 "--role", role, "--password-stdin", stdin=PASSWORD + "\n")

    def start(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}", "--data-dir", self.data,
             *self.database_args()],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir, env=self.env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} at start")
            with contextlib.suppress(OSError):
                if fire(self.port, "GET", "/healthz")[0] == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("server did not answer /healthz within 120 s")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def memory(self):
        """(VmRSS, VmHWM) in kB, or (None, None) when the process is gone."""
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
            return tuple(int(status[key].split()[0]) for key in ("VmRSS", "VmHWM"))
        except (OSError, KeyError, ValueError):
            return None, None

    def reset_peak(self):  # VmHWM := VmRSS
        with contextlib.suppress(OSError), open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
            f.write("5")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def cleanup(self):
        self.stop()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class FormFields(HTMLParser):
    """The named inputs and textareas of the form posting to `action`, as the page has them."""

    def __init__(self, action, page):
        super().__init__()
        self.action, self.inside, self.textarea, self.fields = action, False, None, {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and a.get("name") and tag == "input" and a.get("type") not in ("submit", "checkbox"):
            self.fields[a["name"]] = a.get("value") or ""
        elif self.inside and a.get("name") and tag == "textarea":
            self.textarea = a["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "form"
        self.textarea = None if tag == "textarea" else self.textarea

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


class Member:
    """A signed-in browser: its cookies and its CSRF token."""

    def __init__(self, server, email):
        self.port, self.cookies, self.csrf = server.port, {}, ""
        page = self.get("/login")[1]
        fields = {"_csrf": csrf_of(page), "email": email, "password": PASSWORD, "next": ""}
        status, msg, _ = fire(self.port, "POST", "/login", **self.form(fields))
        self.keep(msg)
        if "altto_session" not in self.cookies:
            raise RuntimeError(f"sign-in as {email} failed: {status}")
        self.csrf = csrf_of(self.get("/account/password")[1])

    def headers(self):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def keep(self, msg):
        for cookie in msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path):
        status, msg, data = fire(self.port, "GET", path, headers=self.headers())
        self.keep(msg)
        return status, data.decode("utf-8", "replace")

    def form(self, fields):
        """Keyword arguments of `fire` for a form POST carrying this member's token."""
        body = urllib.parse.urlencode({**fields, "_csrf": fields.get("_csrf") or self.csrf})
        return {"body": body.encode(), "headers": {
            **self.headers(), "Content-Type": "application/x-www-form-urlencoded"}}


def csrf_of(page):
    found = re.search(r'name="_csrf" value="([^"]+)"', page)
    if not found:
        raise RuntimeError("no _csrf field on the page")
    return found.group(1)


def scenario_markdown(srv, row):
    srv.create_user("editor@example.org", "editor")
    state = {}

    def begin():  # (re)start and sign in; a crash in one step must not hide the others
        srv.stop()
        srv.start()
        editor = Member(srv, "editor@example.org")
        page = editor.get("/author/courses/alt-essentials")[1]
        lessons = re.findall(r'href="(/author/courses/alt-essentials/lessons/[^"/?#]+)"', page)
        if not lessons:
            raise RuntimeError("no editable lesson of alt-essentials found")
        fields = FormFields(lessons[0], editor.get(lessons[0])[1]).fields
        if "body" not in fields or "base" not in fields:
            raise RuntimeError(f"lesson form not understood: {sorted(fields)}")
        state.update(editor=editor, path=lessons[0], fields=fields)
        srv.reset_peak()

    def preview(body):
        form = state["editor"].form({**state["fields"], "body": body, "action": "preview"})
        return lambda conn: fire(conn, "POST", state["path"], **form)

    def check_alive(name):
        if not srv.alive():
            row(f"{name}: server", f"**died** (exit {srv.proc.returncode}); restarted for the next step")
            state["restarts"] = state.get("restarts", 0) + 1
            begin()

    begin()
    row("lesson previewed", state["path"].rsplit("/", 1)[1])
    row("RSS before (MiB)", mib(srv.memory()[0]))
    for name, body in (("1. `> ` × 20,000", "> " * 20000 + "deep"),
                       ("2. `<div>` × 20,000", "<div>" * 20000 + "deep")):
        r = timed(preview(body), srv.port)
        row(f"{name}: status, time (ms)", f"{outcome(r)}, {r['ms']}")
        check_alive(name)

    polls, done = [], threading.Event()

    def poll():
        while not done.is_set():
            polls.append(timed(fire, srv.port, "GET", "/healthz"))
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.3)
    body = "> " * 99_998 + "deep"  # 200,000 bytes: the largest body the form accepts
    try:
        results, _ = burst(srv.port, 2, preview(body))
    finally:
        done.set()
        poller.join()
    for i, r in enumerate(results, 1):
        row(f"3. 2 concurrent 200 KB previews: #{i} status, time (ms)", f"{outcome(r)}, {r['ms']}")
    failed = [p for p in polls if p["status"] != 200]
    row("3. /healthz max latency (ms)", f"{max((p['ms'] for p in polls), default='?')} ({len(polls)} polls"
        + (f"; {tally(failed)})" if failed else ")"))
    check_alive("3.")
    since = f" (since restart {state['restarts']})" if state.get("restarts") else ""
    row("peak RSS over the scenario (MiB)", mib(srv.memory()[1]) + since)


def scenario_password(srv, row, n=128):
    srv.create_user("member@example.org", "member")
    srv.start()
    member = Member(srv, "member@example.org")
    form = member.form({"current_password": WRONG_PASSWORD, "new_password": NEW_PASSWORD})
    row("RSS before (MiB)", mib(srv.memory()[0]))
    srv.reset_peak()
    results, total = burst(srv.port, n, lambda conn: fire(conn, "POST", "/account/password", **form))
    row("peak RSS during (MiB)", mib(srv.memory()[1]))
    row(f"statuses of {n} attempts", tally(results))
    row("time until all answered (ms)", total)
    row("slowest answer (ms)", max(r["ms"] for r in results))
    time.sleep(5)
    row("RSS 5 s after (MiB)", mib(srv.memory()[0]) if srv.alive() else f"server died ({srv.proc.returncode})")


def scenario_password_many(srv, row, n=128):
    sessions = os.path.join(srv.dir, "sessions.txt")
    srv.cli("dev", "seed", "--members", str(n), "--courses", "1", "--lessons-per-course", "1",
            "--progress", "0", "--attempts", "0", "--sessions", str(n), "--sessions-file", sessions)
    srv.start()
    with open(sessions) as f:
        members = iter([line.split() for line in f if line.strip()])
    lock = threading.Lock()

    def attempt(conn):
        with lock:
            cookie, token = next(members)
        body = urllib.parse.urlencode({"_csrf": token, "current_password": WRONG_PASSWORD,
                                       "new_password": NEW_PASSWORD}).encode()
        return fire(conn, "POST", "/account/password", body=body, headers={
            "Cookie": f"altto_session={cookie}", "Content-Type": "application/x-www-form-urlencoded"})

    row("RSS before (MiB)", mib(srv.memory()[0]))
    srv.reset_peak()
    results, total = burst(srv.port, n, attempt)
    row("peak RSS during (MiB)", mib(srv.memory()[1]))
    row(f"statuses of {n} attempts", tally(results))
    row("time until all answered (ms)", total)
    time.sleep(5)
    row("RSS 5 s after (MiB)", mib(srv.memory()[0]) if srv.alive() else f"server died ({srv.proc.returncode})")


def write_package(root):
    def put(rel, data):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    put("course.toml", b'slug = "big"\ntitle = "Big"\nsummary = "A course with a large video."\n'
        b'level = "foundation"\nhours = 1\nlicence = "CC-BY-4.0"\nauthors = ["bench"]\n')
    put("01-m/module.toml", b'title = "M"\n')
    put("01-m/01-clip.md", b'+++\ntitle = "Clip"\nsummary = "S"\nminutes = 5\n\n[video]\n'
        b'file = "media/clip.mp4"\n+++\n\nWatch the clip.\n')
    head = b"\x00\x00\x00\x18ftypmp42"
    put("media/clip.mp4", head + os.urandom(MEDIA_BYTES - len(head)))


def scenario_media(srv, row):
    package = os.path.join(srv.dir, "package")
    write_package(package)
    srv.cli("content", "import", package, "--publish")
    shutil.rmtree(package)
    srv.start()
    path = "/media/big/clip.mp4"
    steps = (("1. 8 × `Range: bytes=0-1`", 8, {"Range": "bytes=0-1"}, 2),
             ("2. 32 × `Range: bytes=0-1`", 32, {"Range": "bytes=0-1"}, 2),
             ("3. 4 × whole file", 4, {}, MEDIA_BYTES))
    for name, n, headers, size in steps:
        if not srv.alive():
            row(f"{name}: skipped", f"server died ({srv.proc.returncode})")
            continue
        time.sleep(1)
        row(f"{name}: RSS before (MiB)", mib(srv.memory()[0]))
        srv.reset_peak()
        results, _ = burst(srv.port, n, lambda conn: fire(conn, "GET", path, headers=headers, sink=True))
        short = sum(1 for r in results if r["status"] and r["data"] != size)
        row(f"{name}: statuses", tally(results) + (f", {short} with a wrong length" if short else ""))
        row(f"{name}: max latency (ms)", max(r["ms"] for r in results))
        row(f"{name}: peak RSS (MiB)", mib(srv.memory()[1]))


def postgres_tool(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    return found[-1]


class Cluster:
    """A throwaway PostgreSQL cluster on a free port, which can be stopped and started."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="altto-pg-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.run(postgres_tool("initdb"), "-D", self.dir + "/data", "-U", "postgres", "--auth=trust")
        self.start()

    def run(self, *args):
        command = list(args) if os.geteuid() else ["runuser", "-u", "postgres", "--", *args]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self):
        self.run(postgres_tool("pg_ctl"), "-D", self.dir + "/data", "-l", self.dir + "/log", "-w", "-o",
                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self):
        self.run(postgres_tool("pg_ctl"), "-D", self.dir + "/data", "-m", "fast", "-w", "stop")

    def cleanup(self):
        with contextlib.suppress(Exception):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def scenario_outage(srv, row):
    cluster = Cluster()
    try:
        srv.database = f"postgres://postgres@127.0.0.1:{cluster.port}/postgres"
        srv.create_user("member@example.org", "member")
        srv.start()
        member = Member(srv, "member@example.org")
        lesson = "/courses/alt-essentials/lessons/the-school-year"
        fire(srv.port, "GET", lesson)  # rendered and cached for visitors
        cluster.stop()
        for name, request in (("member's page /learning", lambda: fire(srv.port, "GET", "/learning", headers=member.headers())),
                              ("the same again", lambda: fire(srv.port, "GET", "/learning", headers=member.headers())),
                              ("visitor's cached lesson page", lambda: fire(srv.port, "GET", lesson)),
                              ("/readyz", lambda: fire(srv.port, "GET", "/readyz"))):
            r = timed(request)
            row(f"database down: {name}: status, time (ms)", f"{outcome(r)}, {r['ms']}")
        cluster.start()
        back = time.monotonic()
        while time.monotonic() - back < 60:
            if timed(fire, srv.port, "GET", "/learning", headers=member.headers())["status"] == 200:
                break
            time.sleep(0.05)
        row("database back: member's page works again after (ms)", ms_since(back))
    finally:
        srv.stop()
        cluster.cleanup()


SCENARIOS = (("A — hostile Markdown previews (defect 2)", scenario_markdown),
             ("B — 128 concurrent wrong current passwords, one member (defect 3)", scenario_password),
             ("B2 — one wrong current password each, 128 members at once (defect 3)",
              scenario_password_many),
             ("C — range requests on a 49 MiB video (defect 6)", scenario_media),
             ("D — a PostgreSQL outage under a running server (defect 5)", scenario_outage))


def report(binaries, scenarios, results):
    def cell(value):
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = [f"# altto denial-of-service figures ({time.strftime('%Y-%m-%d %H:%M')}, "
             f"{os.cpu_count()} CPUs)", ""]
    for title, _ in scenarios:
        lines += [f"## {title}", "", "| | " + " | ".join(f"`{b}`" for b in binaries) + " |",
                  "|---" * (len(binaries) + 1) + "|"]
        for name, values in results[title].items():
            lines.append(f"| {cell(name)} | " + " | ".join(cell(values.get(b, "")) for b in binaries) + " |")
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+", metavar="BINARY")
    parser.add_argument("--out", metavar="FILE", help="also write the report to FILE")
    parser.add_argument("--only", metavar="LETTERS", default="",
                        help="run only these scenarios, e.g. --only AD (default: all)")
    args = parser.parse_args()
    chosen = [(title, run) for title, run in SCENARIOS
              if not args.only or title.split(" ", 1)[0] in args.only.upper()]
    args.binaries = list(dict.fromkeys(args.binaries))  # one column per path
    results = {title: {} for title, _ in chosen}
    for binary in args.binaries:
        for title, scenario in chosen:
            print(f"==> {binary}: {title}", file=sys.stderr, flush=True)

            def row(name, value, cells=results[title], binary=binary):
                cells.setdefault(name, {})[binary] = value
                print(f"    {name}: {value}", file=sys.stderr, flush=True)

            srv = Server(binary)
            try:
                scenario(srv, row)
            except Exception as err:
                row("scenario failed", f"{type(err).__name__}: {err}")
            finally:
                srv.cleanup()
    text = report(args.binaries, chosen, results)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()

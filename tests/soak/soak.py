#!/usr/bin/env python3
"""Soak test helpers for dossier-serve; tests/soak/run-soak.sh drives them.

Subcommands:
  corpus DIR      write base.jsonl (the served index) and batch1/batch2.jsonl
                  (the two commits made during the run): synthetic news
                  articles, the same every time (fixed seed)
  run ...         the soak itself: wrk with the query mix, the /health probe,
                  the idle and slow clients, the two commits and the RSS
                  sampler at once; then checks the pass criteria and prints
                  the summary. Exit 0 pass, 1 a criterion failed, 2 the test
                  itself could not run.
  health|idle|slow ...
                  the background clients, each in a process of its own so
                  that one's work (or Python's GIL) never delays another's
                  timing; each runs until SIGTERM and then writes its
                  findings as JSON.

Only the standard library: CI has python3 and nothing more.
"""

import argparse
import errno
import http.client
import json
import os
import random
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Corpus

ACTORS = [
    "Vladimir Putin", "Xi Jinping", "Wang Yi", "Joe Biden", "Donald Trump",
    "Sergey Lavrov", "Antony Blinken", "Janet Yellen", "Jerome Powell",
    "Kamala Harris", "Lloyd Austin", "Jake Sullivan", "NATO", "European Union",
    "United Nations", "World Bank", "International Monetary Fund",
    "World Trade Organization", "Russia", "China", "Ukraine", "Germany",
    "France", "Japan", "India", "Brazil", "Turkey", "Iran", "Poland",
    "United States", "Pakistan", "Saudi Arabia",
]
TOPICS = {
    "sanctions": ["sanctions", "export controls", "asset freezes", "price cap",
                  "banking restrictions", "embargo", "secondary sanctions"],
    "energy": ["energy security", "gas pipeline", "oil prices", "LNG terminals",
               "renewable capacity", "power grid", "energy transition"],
    "trade": ["trade deficit", "tariffs", "supply chains", "trade talks",
              "semiconductor exports", "free trade agreement", "shipping routes"],
    "security": ["security consultation", "military cooperation", "defence spending",
                 "missile defence", "joint exercises", "alliance commitments",
                 "border security"],
    "economy": ["inflation", "interest rates", "economic growth", "currency reserves",
                "sovereign debt", "bond yields", "economic slowdown"],
    "diplomacy": ["summit", "peace talks", "diplomatic visit", "bilateral relations",
                  "ceasefire proposal", "joint statement", "foreign policy"],
}
VERBS = ["discussed", "warned about", "called for", "rejected", "welcomed",
         "criticised", "announced", "questioned", "defended", "reviewed"]
CONNECTORS = ["Analysts said", "Officials noted that", "According to diplomats,",
              "Observers expect that", "Critics argue that", "Markets reacted as",
              "Several ministers said", "A senior adviser added that"]
FILLER = ["the measures would take months to show effect",
          "the decision reflected pressure from domestic industry",
          "the talks had stalled over verification",
          "the region faced a difficult winter",
          "investors were waiting for clearer guidance",
          "the agreement left important questions open",
          "the negotiations would resume after the holidays",
          "earlier forecasts had been too optimistic",
          "the policy marked a break with the previous decade",
          "smaller economies carried most of the cost"]
SOURCES = ["Global Affairs Review", "Eastern Ledger", "Harbour Times",
           "Continental Monitor", "Policy Wire", "Meridian Post"]
AUTHORS = ["Anna Kowalczyk", "David Mensah", "Laura Ortiz", "Tomas Novak",
           "Priya Raman", "Owen Gallagher", "Mei Lin", "Sara Haddad"]
# Words only the articles of each commit contain: the run polls for them to
# see when the server shows that commit.
BATCH_MARKERS = {1: "soakbatchalpha", 2: "soakbatchbravo"}
BATCH_ARTICLES = 40


def sentence(rng, topic):
    actor_a, actor_b = rng.sample(ACTORS, 2)
    term = rng.choice(TOPICS[topic])
    other = rng.choice(TOPICS[rng.choice(list(TOPICS))])
    return (f"{rng.choice(CONNECTORS)} {actor_a} {rng.choice(VERBS)} {term} with "
            f"{actor_b}, while {other} remained on the agenda and {rng.choice(FILLER)}.")


def article(rng, article_id, marker=None):
    topic = rng.choice(list(TOPICS))
    year = rng.randint(2019, 2024)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        paragraphs.append(" ".join(sentence(rng, topic) for _ in range(rng.randint(3, 6))))
    if marker:
        paragraphs.append(f"This report is part of the {marker} series.")
    title_actor = rng.choice(ACTORS)
    return {
        "id": article_id,
        "title": f"{title_actor} and the {rng.choice(TOPICS[topic])} debate",
        "text": "\n\n".join(paragraphs),
        "date": date,
        "source": rng.choice(SOURCES),
        "author": rng.choice(AUTHORS),
    }


def cmd_corpus(args):
    os.makedirs(args.dir, exist_ok=True)
    rng = random.Random(20240612)
    with open(os.path.join(args.dir, "base.jsonl"), "w") as out:
        for i in range(args.articles):
            out.write(json.dumps(article(rng, f"soak-base-{i:04d}")) + "\n")
    for batch, marker in BATCH_MARKERS.items():
        with open(os.path.join(args.dir, f"batch{batch}.jsonl"), "w") as out:
            for i in range(BATCH_ARTICLES):
                out.write(json.dumps(article(rng, f"soak-batch{batch}-{i:03d}", marker)) + "\n")
    return 0


# ---------------------------------------------------------------------------
# Background clients (each one a process; see the module comment)

class Stopper:
    """SIGTERM is the orchestrator's way of ending a client; a client whose
    orchestrator is gone without sending it ends too, rather than reconnect
    for ever."""

    def __init__(self):
        self._stop = False
        self._parent = os.getppid()
        signal.signal(signal.SIGTERM, self._handle)

    def _handle(self, *_):
        self._stop = True

    @property
    def stop(self):
        return self._stop or os.getppid() != self._parent


def write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        json.dump(data, out)
    os.replace(tmp, path)


def cmd_health(args):
    # A fresh connection for every probe, as a load balancer's check does:
    # the latency then covers accepting the connection and handing it to a
    # connection thread, which is what idle and slow clients could starve,
    # not only the handler.
    stopper = Stopper()
    # [when sent (time.monotonic(): CLOCK_MONOTONIC, the clock of every
    # process of the run), latency ms, status or error text, probe number]
    samples = []
    start = time.monotonic()
    tick = 0
    n = 0
    while not stopper.stop:
        # The number lets soak.py find this probe in the server's access log
        # (the handler ignores the parameter).
        n += 1
        request = (f"GET /health?probe={n} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Connection: close\r\n\r\n").encode()
        sent_at = time.monotonic()
        status = None
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout) as s:
                s.sendall(request)
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            latency = (time.monotonic() - sent_at) * 1000
            match = re.match(rb"HTTP/1\.[01] (\d{3})", data)
            status = int(match.group(1)) if match else "no status line"
            if status == 200 and b'"status":"ok"' not in data:
                status = "200 without status ok"
        except OSError as e:
            latency = (time.monotonic() - sent_at) * 1000
            status = f"{type(e).__name__}: {e}"
        samples.append([round(sent_at, 3), round(latency, 3), status, n])
        # On a fixed 100 ms grid: a slow answer delays the next probe, it
        # does not shift every later one.
        tick += 1
        next_at = start + tick * args.interval
        now = time.monotonic()
        if next_at < now:
            tick = int((now - start) / args.interval) + 1
            next_at = start + tick * args.interval
        while not stopper.stop and time.monotonic() < next_at:
            time.sleep(min(0.02, max(0.0, next_at - time.monotonic())))
    write_json(args.out, {"samples": samples})
    return 0


class HeldConnection:
    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        self.started = time.monotonic()
        self.opened = None  # when the connect completed
        self.sent = 0
        self.received = b""
        err = self.sock.connect_ex(("127.0.0.1", port))
        if err not in (0, errno.EINPROGRESS):
            self.sock.close()
            raise OSError(err, os.strerror(err))


def cmd_held(args, slow):
    """Idle clients (connect, send nothing) or slow ones (one header byte a
    second, never finishing the request). Each reconnects as soon as the
    server closes its connection, so that `count` are open all the time."""
    stopper = Stopper()
    sel = selectors.DefaultSelector()
    stats = {"connects": 0, "connect_failures": [], "connect_ms_max": 0.0,
             "server_closes": 0, "lifetimes_s": [], "responses": [], "bytes_sent": 0,
             "min_open": args.count, "open_samples": 0}
    # The request line and headers a slow client trickles, then a header
    # value that never ends: the server never gets a whole request.
    slow_bytes = (b"GET /search?q=sanctions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"X-Soak-Slow: ")
    # Connects are paced, never a burst: independent clients do not connect
    # in lockstep, and a burst overflows dossier-serve's listen backlog of 5
    # (docs/reliability.md), which would only measure that again and again.
    connect_gap = 0.015
    last_connect = 0.0
    conns = [None] * args.count

    def open_one(i):
        nonlocal last_connect
        last_connect = time.monotonic()
        try:
            conn = HeldConnection(args.port)
        except OSError as e:
            stats["connect_failures"].append([round(last_connect, 3), str(e)])
            return
        conns[i] = conn
        sel.register(conn.sock, selectors.EVENT_WRITE, (i, conn))

    def drop(i, conn, reason):
        sel.unregister(conn.sock)
        conn.sock.close()
        conns[i] = None
        if conn.opened is None:
            stats["connect_failures"].append([round(time.monotonic(), 3), reason])
            return
        stats["server_closes"] += 1
        stats["lifetimes_s"].append(round(time.monotonic() - conn.opened, 2))
        if conn.received:
            match = re.match(rb"HTTP/1\.[01] (\d{3})", conn.received)
            stats["responses"].append(int(match.group(1)) if match else
                                      conn.received[:60].decode("latin-1"))
        elif reason:
            stats["responses"].append(reason)

    next_byte = time.monotonic() + 1
    next_sample = time.monotonic() + 2  # after the first connects
    while not stopper.stop:
        for key, events in sel.select(timeout=0.01):
            i, conn = key.data
            if conn.opened is None:
                err = conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    drop(i, conn, os.strerror(err))
                    continue
                conn.opened = time.monotonic()
                stats["connects"] += 1
                stats["connect_ms_max"] = max(stats["connect_ms_max"],
                                              round((conn.opened - conn.started) * 1000, 1))
                sel.modify(conn.sock, selectors.EVENT_READ, (i, conn))
                continue
            try:
                data = conn.sock.recv(4096)
            except BlockingIOError:
                continue
            except OSError as e:
                drop(i, conn, type(e).__name__)
                continue
            if data:
                conn.received += data
            else:
                drop(i, conn, None)
        now = time.monotonic()
        if slow and now >= next_byte:
            next_byte += 1
            for i, conn in enumerate(conns):
                if conn is None or conn.opened is None:
                    continue
                byte = slow_bytes[conn.sent:conn.sent + 1] or b"a"
                try:
                    conn.sock.send(byte)
                    conn.sent += 1
                    stats["bytes_sent"] += 1
                except OSError as e:
                    drop(i, conn, f"send: {type(e).__name__}")
        if now - last_connect >= connect_gap and None in conns:
            open_one(conns.index(None))
        for i, conn in enumerate(conns):
            # A connect the server never completes is a failure, not a wait
            # for ever.
            if conn is not None and conn.opened is None and now - conn.started > 15:
                drop(i, conn, "connect took over 15 s")
        if now >= next_sample:
            next_sample += 0.1
            stats["open_samples"] += 1
            stats["min_open"] = min(stats["min_open"],
                                    sum(c is not None and c.opened is not None for c in conns))
    stats["still_open_lifetimes_s"] = [round(time.monotonic() - c.opened, 2)
                                       for c in conns if c is not None and c.opened is not None]
    write_json(args.out, stats)
    return 0


# ---------------------------------------------------------------------------
# The run

def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def memory_kb(pid):
    """VmRSS, RssAnon and RssFile of a process (kB), or None once it is gone."""
    wanted = {"VmRSS:": 0, "RssAnon:": 1, "RssFile:": 2}
    values = [0, 0, 0]
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key = line.split(":", 1)[0] + ":"
                if key in wanted:
                    values[wanted[key]] = int(line.split()[1])
    except OSError:
        return None
    return values


def listen_overflows():
    """The kernel's count of connections dropped because a listen queue was
    full (TcpExt ListenOverflows, for the whole network namespace)."""
    try:
        with open("/proc/net/netstat") as netstat:
            lines = netstat.read().splitlines()
    except OSError:
        return None
    for names, values in zip(lines, lines[1:]):
        if names.startswith("TcpExt:") and values.startswith("TcpExt:"):
            fields = dict(zip(names.split()[1:], values.split()[1:]))
            if "ListenOverflows" in fields:
                return int(fields["ListenOverflows"])
    return None


def vm_rss_kb(pid):
    values = memory_kb(pid)
    return values[0] if values else None


def search_total(port, query):
    """The server's article count for `query`, on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/search?limit=1&q=" + urllib.parse.quote(query))
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            return None
        return json.loads(body).get("total")
    finally:
        conn.close()


class Committer(threading.Thread):
    """Indexes batch N into the served index at its time, then polls until the
    server shows all of the batch's articles."""

    def __init__(self, args, t0):
        super().__init__(daemon=True)
        self.args = args
        self.t0 = t0
        self.results = []
        self.stop = threading.Event()

    def run(self):
        for batch, marker in BATCH_MARKERS.items():
            at = self.t0 + self.args.duration * batch / 3
            if self.stop.wait(max(0.0, at - time.monotonic())):
                return
            result = {"batch": batch, "at_s": round(time.monotonic() - self.t0, 1)}
            began = time.monotonic()
            proc = subprocess.run(
                [self.args.indexer, "--index", self.args.index, "--quiet",
                 os.path.join(self.args.corpus, f"batch{batch}.jsonl")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            indexed = time.monotonic()
            result.update(exit=proc.returncode, output=proc.stdout.strip()[-500:],
                          index_s=round(indexed - began, 2), seen_after_s=None)
            while proc.returncode == 0 and not self.stop.is_set():
                try:
                    if search_total(self.args.port, marker) == BATCH_ARTICLES:
                        result["seen_after_s"] = round(time.monotonic() - indexed, 2)
                        break
                except (OSError, http.client.HTTPException, ValueError):
                    pass
                self.stop.wait(0.1)
            self.results.append(result)


class RssSampler(threading.Thread):
    def __init__(self, pid, t0):
        super().__init__(daemon=True)
        self.pid = pid
        self.t0 = t0
        self.samples = []  # [seconds since wrk started, VmRSS, RssAnon, RssFile kB]
        self.stop = threading.Event()
        self.server_gone = threading.Event()

    def run(self):
        while not self.stop.is_set():
            values = memory_kb(self.pid)
            if values is None:
                self.server_gone.set()
                return
            self.samples.append([round(time.monotonic() - self.t0, 2), *values])
            self.stop.wait(0.5)

    def median(self, begin, end):
        """The median VmRSS of the samples taken from `begin` to `end` s."""
        values = sorted(rss for t, rss, *_ in self.samples if begin <= t <= end)
        return values[len(values) // 2] if values else None


def parse_wrk_results(path):
    """What soak.lua's done() wrote: see its comment for the format."""
    out = {"counts": {}, "lost": 0, "mismatches": [], "lost_paths": [], "latencies": [],
           "errors": {}}
    with open(path) as results:
        for line in results:
            fields = line.rstrip("\n").split("\t")
            kind = fields[0]
            if kind == "count":
                key = (fields[1], fields[2])
                out["counts"][key] = out["counts"].get(key, 0) + int(fields[3])
            elif kind == "lat":
                out["latencies"].append((float(fields[1]), float(fields[2])))
            elif kind == "mismatch":
                out["mismatches"].append(fields[1:])
            elif kind == "lost":
                out["lost"] += int(fields[1])
                if len(fields) > 2:
                    out["lost_paths"].extend(fields[2].split())
            elif kind in ("requests", "duration_us"):
                out[kind] = int(fields[1])
            elif kind == "error":
                out["errors"][fields[1]] = int(fields[2])
    return out


def start_client(kind, port, out, extra=()):
    return subprocess.Popen([sys.executable, os.path.abspath(__file__), kind,
                             "--port", str(port), "--out", out, *extra])


def stop_client(proc, out):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    try:
        with open(out) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def setup_error(message):
    print(f"soak: setup error: {message}", file=sys.stderr)
    return 2


def cmd_run(args):
    # SIGTERM (run-soak.sh interrupted) unwinds like an exception, so the
    # `finally` below stops wrk and the clients.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    work = args.workdir
    health_out = os.path.join(work, "health.json")
    idle_out = os.path.join(work, "idle.json")
    slow_out = os.path.join(work, "slow.json")
    wrk_out = os.path.join(work, "wrk-results.tsv")

    # Readiness first, unmeasured, as a deployment waits for it before it
    # sends traffic: the first request opens the index (about 0.1 s here).
    deadline = time.monotonic() + 15
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                break
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        if time.monotonic() > deadline:
            return setup_error("dossier-serve never answered /health with 200")
        time.sleep(0.1)

    overflows_before = listen_overflows()
    # The held connections and the probe are in place before the load starts
    # and end after it: the whole load runs against them.
    health = start_client("health", args.port, health_out,
                          ["--interval", str(args.health_interval_ms / 1000)])
    idle = start_client("idle", args.port, idle_out, ["--count", str(args.idle)])
    slow = start_client("slow", args.port, slow_out, ["--count", str(args.slow)])
    wrk = None
    try:
        time.sleep(1.5)
        t0 = time.monotonic()
        rss = RssSampler(args.pid, t0)
        rss.start()
        committer = Committer(args, t0)
        committer.start()
        # One connection per wrk thread: each Lua state then sees its
        # responses in the order of its requests, so soak.lua knows what each
        # one answers.
        wrk_cmd = ["wrk", "--threads", str(args.connections),
                   "--connections", str(args.connections),
                   "--duration", f"{args.duration}s", "--timeout", "10s",
                   "--script", os.path.join(HERE, "soak.lua"), f"http://127.0.0.1:{args.port}",
                   "--", wrk_out, os.path.join(HERE, "queries.txt")]
        wrk = subprocess.Popen(wrk_cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
        server_died_at = None
        while wrk.poll() is None:
            if server_died_at is None and rss.server_gone.is_set():
                # Nothing left to measure: wrk's SIGINT ends it early, with
                # its results written.
                server_died_at = time.monotonic() - t0
                wrk.send_signal(signal.SIGINT)
            time.sleep(0.2)
        wrk_output = wrk.stdout.read()
        wrk_elapsed = time.monotonic() - t0
        committer.stop.set()
        rss.stop.set()
        committer.join()
        rss.join()
    finally:
        # Also on an exception or Ctrl-C: no client or wrk outlives the run.
        if wrk is not None and wrk.poll() is None:
            wrk.kill()
            wrk.wait()
        health_data = stop_client(health, health_out)
        idle_data = stop_client(idle, idle_out)
        slow_data = stop_client(slow, slow_out)
    server_alive = vm_rss_kb(args.pid) is not None
    overflows_after = listen_overflows()
    overflows = (overflows_after - overflows_before
                 if overflows_before is not None and overflows_after is not None else None)

    if not os.path.exists(wrk_out) or (wrk.returncode != 0 and server_died_at is None):
        return setup_error(f"wrk failed ({wrk.returncode}):\n{wrk_output}")
    if health_data is None or idle_data is None or slow_data is None:
        return setup_error("a background client wrote no results")
    w = parse_wrk_results(wrk_out)

    # ---- figures
    counts = w["counts"]
    def count(kind, cls):
        return counts.get((kind, cls), 0)
    valid_kinds = ("search", "valid")
    valid_total = sum(n for (k, _), n in counts.items() if k in valid_kinds)
    valid_ok = sum(count(k, "200") for k in valid_kinds)
    bad_total = sum(n for (k, _), n in counts.items() if k == "bad")
    bad_ok = count("bad", "4xx")
    five_xx = sum(n for (_, c), n in counts.items() if c == "5xx")
    socket_errors = sum(w["errors"].get(k, 0) for k in ("connect", "read", "write", "timeout"))
    seconds = w.get("duration_us", 0) / 1e6 or wrk_elapsed
    lat = sorted(ms for _, ms in w["latencies"])
    p50, p99 = percentile(lat, 50), percentile(lat, 99)
    lat_max = lat[-1] if lat else float("nan")

    samples = health_data["samples"]
    probe_lat = sorted(s[1] for s in samples)
    probe_bad = [s for s in samples if s[2] != 200]
    probe_slow = [s for s in samples if s[1] > args.health_limit_ms]

    # Medians of the samples of 2 s windows: VmRSS moves by a few MB from one
    # half-second sample to the next as the allocator takes and returns pages.
    warm_at = args.duration / 6
    warm_rss = rss.median(warm_at, warm_at + 2)
    last_rss = rss.median(wrk_elapsed - 2, wrk_elapsed) if server_died_at is None else None

    commits = committer.results
    seen = [c for c in commits if c["exit"] == 0 and c["seen_after_s"] is not None]

    # The access log's time of each probe (from the request read to the
    # answer written) splits a slow probe into time in the handler and time
    # spent getting connected and scheduled.
    server_errors = []
    probe_server_ms = {}
    try:
        with open(args.server_log) as log:
            for line in log:
                if "internal error" in line:
                    server_errors.append(line.strip())
                match = re.match(r"GET /health\?probe=(\d+) \d+ ([\d.]+) ms$", line.strip())
                if match:
                    probe_server_ms[int(match.group(1))] = float(match.group(2))
    except OSError:
        pass

    def lifetimes(data):
        values = sorted(data["lifetimes_s"])
        if not values:
            return "none closed"
        return f"{values[0]:.1f}/{percentile(values, 50):.1f}/{values[-1]:.1f} s"

    def held_line(data, count_):
        still = data.get("still_open_lifetimes_s", [])
        return (f"{count_} held, min open {data['min_open']}; {data['connects']} connects "
                f"(slowest {data['connect_ms_max']:.0f} ms), {len(data['connect_failures'])} "
                f"failed; {data['server_closes']} closed by "
                f"server (lived min/median/max {lifetimes(data)}); "
                f"longest still open {max(still) if still else 0:.0f} s")

    slow_answers = [r for r in slow_data["responses"] if isinstance(r, int)]
    idle_answers = [r for r in idle_data["responses"] if isinstance(r, int)]

    def mb(kb):
        return f"{kb / 1024:.1f} MB" if kb else "n/a"

    requests = w.get("requests", 0)
    rss_line = (f"warm ({warm_at:.0f}-{warm_at + 2:.0f} s) {mb(warm_rss)}, "
                f"end (last 2 s) {mb(last_rss)}, "
                f"max {mb(max((r for _, r, *_ in rss.samples), default=0))}")
    if rss.samples:
        rss_line += (f"; last sample {mb(rss.samples[-1][2])} anonymous, "
                     f"{mb(rss.samples[-1][3])} file")
    commit_parts = []
    for c in commits:
        seen_after = (f"{c['seen_after_s']} s" if c["seen_after_s"] is not None else "never")
        commit_parts.append(f"#{c['batch']} at {c['at_s']:.0f} s: indexed in "
                            f"{c['index_s']:.1f} s, exit {c['exit']}, seen after {seen_after}")
    probe_max = probe_lat[-1] if probe_lat else float("nan")
    rows = [
        ("duration", f"{seconds:.1f} s of load, wrk {args.connections} threads x 1 connection"),
        ("requests", f"{requests} ({requests / seconds:.0f}/s)"),
        ("valid -> 200", f"{valid_ok} of {valid_total}"),
        ("bad -> 4xx", f"{bad_ok} of {bad_total} "
                       f"({100 * bad_total / max(1, valid_total + bad_total):.1f}% of requests)"),
        ("5xx / socket errors / lost", f"{five_xx} / {socket_errors} / {w['lost']}"),
        ("search latency", f"p50 {p50:.2f} ms, p99 {p99:.2f} ms "
                           f"(p99/p50 {p99 / max(p50, 1e-9):.1f}), max {lat_max:.1f} ms, "
                           f"n={len(lat)}"),
        ("/health probes", f"{len(samples)}, p50 {percentile(probe_lat, 50):.2f} ms, "
                           f"p99 {percentile(probe_lat, 99):.2f} ms, max {probe_max:.2f} ms, "
                           f"{len(probe_bad)} not 200, "
                           f"{len(probe_slow)} over {args.health_limit_ms:g} ms; in the server: "
                           f"max {max(probe_server_ms.values(), default=float('nan')):.1f} ms"),
        ("VmRSS", rss_line),
        ("commits seen", f"{len(seen)} of {len(BATCH_MARKERS)} (" + "; ".join(commit_parts) + ")"),
        ("idle clients", held_line(idle_data, args.idle)
         + (f"; answers {idle_answers}" if idle_answers else "")),
        ("slow clients", held_line(slow_data, args.slow)
         + f"; {slow_data['bytes_sent']} bytes sent"
         + (f"; answers {slow_answers}" if slow_answers else "")),
        ("listen overflows", f"{overflows if overflows is not None else 'unknown'} connection(s) "
                             "dropped by the kernel on a full listen queue (whole host)"),
    ]
    width = max(len(name) for name, _ in rows)
    print("\n== dossier-serve soak ==")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")

    criteria = [
        ("server still running", server_alive and server_died_at is None,
         f"pid {args.pid} " + ("alive" if server_died_at is None else
                               f"gone {server_died_at:.1f} s into the load")),
        ("every valid request 200, every bad one 4xx, no 5xx, no socket error",
         valid_ok == valid_total and bad_ok == bad_total and valid_total > 0 and bad_total > 0
         and five_xx == 0 and socket_errors == 0 and w["lost"] == 0 and not server_errors,
         f"{valid_total - valid_ok} valid not 200, {bad_total - bad_ok} bad not 4xx, "
         f"{five_xx} 5xx, {socket_errors} socket errors, {w['lost']} lost, "
         f"{len(server_errors)} internal errors logged"),
        (f"/health answered 200 within {args.health_limit_ms:g} ms every time",
         samples and not probe_bad and not probe_slow,
         f"{len(probe_bad)} not 200, {len(probe_slow)} slower"),
        ("search p99 within 20x p50",
         bool(lat) and p99 <= 20 * p50, f"p99/p50 = {p99 / max(p50, 1e-9):.1f}"),
        ("VmRSS at the end within 20% of the warm value",
         bool(warm_rss and last_rss) and abs(last_rss - warm_rss) <= 0.2 * warm_rss,
         f"{(last_rss - warm_rss) / warm_rss * 100:+.1f}%" if warm_rss and last_rss
         else "no end value"),
        ("both commits indexed and shown by the server",
         len(seen) == len(BATCH_MARKERS), f"{len(seen)} of {len(BATCH_MARKERS)}"),
        ("held connections: every reconnect accepted, no 5xx",
         not idle_data["connect_failures"] and not slow_data["connect_failures"]
         and not any(r >= 500 for r in slow_answers + idle_answers),
         f"{len(idle_data['connect_failures']) + len(slow_data['connect_failures'])} "
         "connects failed"),
    ]
    print()
    failed = 0
    for name, ok, detail in criteria:
        print(f"{'PASS' if ok else 'FAIL'}  {name}  ({detail})")
        failed += not ok
    if w["mismatches"]:
        print("\nfirst answers of the wrong class (kind, status, path, body):")
        for m in w["mismatches"][:10]:
            print("  " + "  ".join(m))
    if w["lost_paths"]:
        print("\nrequests lost without an answer (first 10): " + " ".join(w["lost_paths"][:10]))
    for s in [s for s in samples if s[2] != 200 or s[1] > args.health_limit_ms][:10]:
        inside = probe_server_ms.get(s[3])
        inside = f"{inside:.1f} ms of it in the server" if inside is not None else "not logged"
        print(f"  /health sent at {s[0] - t0:.2f} s: {s[1]:.1f} ms ({inside}), {s[2]}")
    for line in server_errors[:5]:
        print("  server: " + line)
    for c in commits:
        if c["exit"] != 0:
            print(f"  dossier-index, batch {c['batch']}, exit {c['exit']}: {c['output']}")
    if args.keep_details:
        # Times in seconds since the load started.
        os.makedirs(args.keep_details, exist_ok=True)
        write_json(os.path.join(args.keep_details, "soak-details.json"), {
            "latencies": [[round(t / 1000 - t0, 3), ms] for t, ms in w["latencies"]],
            "health": [[round(s[0] - t0, 3), s[1], s[2], probe_server_ms.get(s[3])]
                       for s in samples],
            "rss": rss.samples,
            "idle": idle_data, "slow": slow_data, "commits": commits})
    print(f"\nsoak: {'PASSED' if not failed else f'FAILED ({failed} criteria)'}")
    return 0 if not failed else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("corpus")
    p.add_argument("dir")
    p.add_argument("--articles", type=int, default=600)

    p = sub.add_parser("run")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True, help="dossier-serve's process id")
    p.add_argument("--index", required=True)
    p.add_argument("--indexer", required=True, help="dossier-index binary")
    p.add_argument("--corpus", required=True, help="the directory `corpus` wrote")
    p.add_argument("--workdir", required=True)
    p.add_argument("--server-log", required=True)
    p.add_argument("--duration", type=int, default=60)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--idle", type=int, default=64)
    p.add_argument("--slow", type=int, default=4)
    p.add_argument("--health-interval-ms", type=float, default=100)
    p.add_argument("--health-limit-ms", type=float, default=100)
    p.add_argument("--keep-details", metavar="DIR",
                   help="write every latency, probe and RSS sample there as JSON")

    p = sub.add_parser("health")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--timeout", type=float, default=5.0)
    for kind in ("idle", "slow"):
        p = sub.add_parser(kind)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--out", required=True)
        p.add_argument("--count", type=int, required=True)

    args = parser.parse_args()
    if args.cmd == "corpus":
        return cmd_corpus(args)
    if args.cmd == "run":
        return cmd_run(args)
    if args.cmd == "health":
        return cmd_health(args)
    return cmd_held(args, slow=args.cmd == "slow")


if __name__ == "__main__":
    sys.exit(main())

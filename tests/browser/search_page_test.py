#!/usr/bin/env python3
"""Browser test of dossier-serve's search page in headless Chromium.

Indexes the seed corpus plus a hostile fixture, starts dossier-serve on a free
127.0.0.1 port, and drives Debian's Chromium over the DevTools protocol on a
pipe (--remote-debugging-pipe: no port, no third-party client library). It
loads the page, runs a search, checks that each hit shows an article with
the passages the API gives for it (snippet highlights, passage id, line
range, "N passages match"), clicks an actor facet, checks the filtered
results against the API and the URL, opens a passage in the article view,
reloads the bookmarked URL, opens the passage view and goes from it to the
whole article, checks that hostile corpus text shows as text and runs no
script, and saves screenshots under --out.

Exit status: 0 passed, 1 failed, 77 skipped (no chromium: ctest SKIP_RETURN_CODE).
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

SKIP = 77
WAIT_SECONDS = 15
STARTED = time.monotonic()


class Failure(Exception):
    pass


class DevTools:
    """The Chrome DevTools protocol over fds 3 (commands) and 4 (replies)."""

    def __init__(self, chromium, profile_dir):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def give_pipe_fds():
            commands, replies = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-dev-shm-usage", "--remote-debugging-pipe",
             "--user-data-dir=" + profile_dir, "--window-size=1400,1000", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=give_pipe_fds)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.session = None
        self.console_errors = []

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            reply = self._read()
            if reply.get("method") == "Runtime.exceptionThrown":
                self.console_errors.append(reply["params"]["exceptionDetails"].get("text", ""))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise Failure(f"{method}: {reply['error']}")
                return reply["result"]
        raise Failure(f"{method}: no reply from chromium")

    def _read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise Failure("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = self.call("Target.attachToTarget",
                             {"targetId": target["targetId"], "flatten": True}, session=False)
        self.session = attached["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True})
        if "exceptionDetails" in result:
            raise Failure(f"page script failed: {result['exceptionDetails']}\n{expression}")
        return result["result"].get("value")

    def wait_for(self, expression, what):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(0.05)
        raise Failure("timed out waiting for " + what)

    def screenshot(self, path):
        shot = self.call("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as out:
            out.write(base64.b64decode(shot["data"]))
        print("screenshot:", path)

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Failure:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"ok ({time.monotonic() - STARTED:.1f}s):", message)


def start_server(serve_bin, index):
    server = subprocess.Popen([serve_bin, "--index", index, "--port", "0", "--threads", "2",
                               "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        server.kill()
        raise Failure("dossier-serve did not start: " + line + server.stderr.read())
    return server, int(found.group(1))


HITS_READY = ("document.querySelectorAll('#hits .hit').length > 0 && "
              "document.getElementById('summary').textContent !== ''")
# What the page shows: the article of each hit, and the passages under it.
HIT_IDS = "[...document.querySelectorAll('#hits .hit')].map(h => h.dataset.articleId)"
HIT_PASSAGES = ("[...document.querySelectorAll('#hits .hit')].map(h => "
                "[...h.querySelectorAll('.passage')].map(p => p.dataset.passageId))")
HIT_MORE = ("[...document.querySelectorAll('#hits .hit')].map(h => "
            "h.querySelector('.more') ? h.querySelector('.more').textContent : null)")
READER_IDS = "[...document.querySelectorAll('#reader-body p')].map(p => p.dataset.passageId)"
CURRENT = "document.querySelector('#reader-body p.current')"


def api_get(page, path):
    return page.evaluate(f"fetch({json.dumps(path)}).then(r => r.json())")


def api_ids(page, query):
    """The article ids of the API's hits for `query`, in rank order."""
    return [h["article"]["id"] for h in api_get(page, "/search?" + query)["hits"]]


def same(expression, value):
    return f"JSON.stringify({expression}) === JSON.stringify({json.dumps(value)})"


def run(args, work):
    index = os.path.join(work, "index")
    subprocess.run([args.index_bin, "--quiet", "--index", index, args.corpus, args.hostile,
                    args.copies],
                   check=True, timeout=120)
    server, port = start_server(args.serve_bin, index)
    page = DevTools(args.chromium, os.path.join(work, "profile"))
    try:
        base = f"http://127.0.0.1:{port}/"
        page.open_page()
        page.call("Page.navigate", {"url": base})
        page.wait_for(HITS_READY, "the first page of results")
        check(page.evaluate("document.querySelectorAll('#chart .bar').length") > 0,
              "the page shows a bar chart of articles per month")
        months = api_get(page, "/facets?facets=month&facet_limit=1000")["facets"]["month"]
        bars = page.evaluate("[...document.querySelectorAll('#chart .bar')].map(b => b.title)")
        found = [re.fullmatch(r"(\d{4}-\d{2}): (\d+) articles?", title) for title in bars]
        check(all(found), f"every bar says how many articles it counts: {bars[:3]} ...")
        counted = {f.group(1): int(f.group(2)) for f in found}
        check({m: c for m, c in counted.items() if c} == {m["value"]: m["count"] for m in months},
              f"each of the {len(bars)} bars is the API's count of articles in its month")

        # A search from the box.
        page.evaluate("document.getElementById('q').value = 'sanctions';"
                      "document.querySelector('#search-form button').click()")
        page.wait_for("location.search.includes('q=sanctions') && " + HITS_READY,
                      "results for 'sanctions'")
        result = api_get(page, "/search?q=sanctions&limit=10")
        page.wait_for(same(HIT_IDS, [h["article"]["id"] for h in result["hits"]]),
                      "the articles of q=sanctions")
        check(page.evaluate(HIT_PASSAGES) ==
              [[p["passage_id"] for p in h["passages"]] for h in result["hits"]],
              "each hit shows the passages the API gives for its article, best first")
        summary = page.evaluate("document.getElementById('summary').textContent")
        check(summary.startswith(f"Stories 1-{len(result['hits'])} of {result['total']}."),
              f"the summary counts stories: '{summary}'")
        marks = page.evaluate("[...document.querySelectorAll('#hits .passage')].map(p => "
                              "[...p.querySelectorAll('mark')].map(m => m.textContent))")
        expected_marks = []
        for h in result["hits"]:
            for p in h["passages"]:
                raw = p["snippet"]["text"].encode()
                expected_marks.append([raw[b:e].decode() for b, e in p["snippet"]["highlights"]])
        check(marks == expected_marks and any(marks),
              "matched words are highlighted at the snippets' byte offsets")
        more = page.evaluate(HIT_MORE)
        check(more == [f"{h['matched_passages']} passages match"
                       if h["matched_passages"] > len(h["passages"]) else None
                       for h in result["hits"]] and any(more),
              "'N passages match' shows on exactly the hits with more matching passages than shown")
        labels = page.evaluate("[...document.querySelectorAll('#hits .passage-meta')]"
                               ".map(m => m.textContent)")
        first_passage = result["hits"][0]["passages"][0]
        where = first_passage["location"]
        lines = (f"lines {where['line_start']}-{where['line_end']}"
                 if where["line_end"] > where["line_start"] else f"line {where['line_start']}")
        check(labels[0] == f"{first_passage['passage_id']} · {lines}",
              f"a passage shows its id and line range: '{labels[0]}'")
        scores = page.evaluate("[...document.querySelectorAll('#hits .hit')].map(h => "
                               "h.querySelector('.score').textContent)")
        check(scores == [f"score {h['score']:.2f}" for h in result["hits"]],
              "each hit shows its article's score")
        check(page.evaluate("document.querySelectorAll('#facets h3').length") >= 3,
              "the sidebar has actor, year and source facets")

        # A story in three copies: one hit that says "2 copies" and opens to
        # them, with their sources, as the API lists them.
        page.evaluate("document.getElementById('q').value = 'tugboatmen';"
                      "document.querySelector('#search-form button').click()")
        page.wait_for("location.search.includes('q=tugboatmen') && " + HITS_READY,
                      "results for 'tugboatmen'")
        story = api_get(page, "/search?q=tugboatmen&limit=10")
        check(story["total"] == 1 and story["hits"][0]["story"]["size"] == 3,
              "the API gives the three copies as one story")
        page.wait_for(same(HIT_IDS, [h["article"]["id"] for h in story["hits"]]), "the story's hit")
        check(page.evaluate("[...document.querySelectorAll('#hits .copies summary')]"
                            ".map(s => s.textContent)") == ["2 copies"],
              "the hit says how many other copies its story has")
        page.evaluate("document.querySelector('#hits .copies summary').click()")
        listed = page.evaluate("[...document.querySelectorAll('#hits .copy')].map(c => "
                               "[c.dataset.articleId, c.querySelector('.copy-source').textContent])")
        check(listed == [[c["id"], c["source"]] for c in story["hits"][0]["copies"]],
              f"opened, it lists each copy with its source, oldest first: {listed}")
        # Back to the results for 'sanctions', where the checks below start.
        page.evaluate("document.getElementById('q').value = 'sanctions';"
                      "document.querySelector('#search-form button').click()")
        page.wait_for("location.search.includes('q=sanctions') && " + HITS_READY + " && " +
                      same(HIT_IDS, [h["article"]["id"] for h in result["hits"]]),
                      "results for 'sanctions' again")

        # Click an actor facet: the URL and the results follow.
        actor = page.evaluate("document.querySelector('button[data-facet=actor]').dataset.value")
        page.evaluate("document.querySelector('button[data-facet=actor]').click()")
        encoded = urllib.parse.urlencode({"actor": actor})
        page.wait_for(f"location.search.includes({json.dumps(encoded)})",
                      "the actor filter in the URL")
        expected = api_ids(page, "q=sanctions&" + encoded)
        page.wait_for(same(HIT_IDS, expected), f"the hits filtered by actor {actor}")
        check(True, f"clicking actor '{actor}' filters the hits and puts it in the URL")
        check(page.evaluate("document.querySelector('button[data-facet=actor].active') !== null"),
              "the chosen actor is marked active")

        # Open a passage of a hit: its article, with that passage highlighted
        # in context. The hit's last passage, so that it is not just the best.
        # (the first hit with two or more passages, when there is one).
        hit = page.evaluate(f"Math.max(0, {HIT_PASSAGES}.findIndex(p => p.length > 1))")
        article = page.evaluate(f"{HIT_IDS}[{hit}]")
        clicked = page.evaluate(f"{HIT_PASSAGES}[{hit}].at(-1)")
        page.evaluate(f"[...document.querySelectorAll('#hits .hit')[{hit}]"
                      ".querySelectorAll('.passage')].at(-1).click()")
        page.wait_for("!document.getElementById('reader').hidden && "
                      f"{CURRENT} !== null && {CURRENT}.dataset.passageId === {json.dumps(clicked)}",
                      "the article reader")
        check(page.evaluate("document.getElementById('reader').dataset.view") == "article",
              "clicking a passage opens the article view")
        check(True, f"the opened article highlights the clicked passage {clicked}")
        whole = api_get(page, "/articles/" + urllib.parse.quote(article, safe=""))
        check(page.evaluate(READER_IDS) == [p["passage_id"] for p in whole["passages"]],
              "the article view shows every passage of the article, in order")
        check(page.evaluate("location.search.includes('article=') && "
                            "location.search.includes('passage=')"),
              "the URL names the article and the passage")
        page.screenshot(os.path.join(args.out, "search-page.png"))

        # The URL is a bookmark: loading it again restores the same view.
        bookmark = page.evaluate("location.href")
        page.call("Page.navigate", {"url": "about:blank"})
        page.call("Page.navigate", {"url": bookmark})
        page.wait_for(HITS_READY + f" && {CURRENT} !== null"
                      " && document.getElementById('q').value === 'sanctions'",
                      "the bookmarked view")
        page.wait_for(same(HIT_IDS, expected), "the bookmarked hits")
        check(page.evaluate(f"{CURRENT}.dataset.passageId") == clicked,
              "the bookmarked article highlights the same passage")
        check(True, "reloading the URL restores query, filter, hits and article")

        # The passage view: a passage with its neighbours, then the whole article.
        page.call("Page.navigate", {"url": base + "?" + urllib.parse.urlencode(
            {"q": "sanctions", "passage": clicked})})
        page.wait_for(HITS_READY + f" && {CURRENT} !== null && "
                      "document.getElementById('reader').dataset.view === 'passage'",
                      "the passage view")
        context = api_get(page, "/passages/" + urllib.parse.quote(clicked, safe=""))
        check(page.evaluate(READER_IDS) == [p["passage_id"] for p in
                                           context["before"] + [context["passage"]] + context["after"]]
              and page.evaluate(f"{CURRENT}.dataset.passageId") == clicked,
              "the passage view shows the passage between its neighbours")
        page.evaluate("document.getElementById('reader-whole').click()")
        page.wait_for("document.getElementById('reader').dataset.view === 'article' && "
                      f"{CURRENT} !== null && {same(READER_IDS, [p['passage_id'] for p in whole['passages']])}",
                      "the whole article from the passage view")
        check(page.evaluate(f"{CURRENT}.dataset.passageId") == clicked and
              page.evaluate(f"new URLSearchParams(location.search).get('article')") == article,
              "'Whole article' opens the article at the same passage")

        # Hostile corpus text is shown as text; none of its scripts runs.
        page.call("Page.navigate", {"url": base + "?q=zebrafinch"})
        page.wait_for(HITS_READY, "results for the hostile document")
        title = page.evaluate("document.querySelector('#hits .hit h4').textContent")
        check(title.startswith("<script>window.dossierPwned = 1;</script><b>Bold</b>"),
              "a title with HTML shows as text")
        page.evaluate("document.querySelector('#hits .hit .passage').click()")
        page.wait_for(f"{CURRENT} !== null", "the hostile article")
        check(page.evaluate("document.querySelectorAll('main script, main img, main b, "
                            "#reader script, #reader img, #reader b').length") == 0,
              "no element was made from corpus text")
        check("<script>" in page.evaluate("document.getElementById('reader-body').textContent"),
              "the article body shows its markup as text")
        time.sleep(0.2)
        check(page.evaluate("typeof window.dossierPwned") == "undefined",
              "no script from the corpus ran")
        page.screenshot(os.path.join(args.out, "hostile-text.png"))
        check(not page.console_errors, "no uncaught script errors")
    finally:
        page.close()
        server.send_signal(signal.SIGTERM)
        try:
            status = server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            raise Failure("dossier-serve did not stop on SIGTERM")
    check(status == 0, f"dossier-serve stops cleanly on SIGTERM (exit {status})")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve-bin", required=True)
    parser.add_argument("--index-bin", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--copies", required=True,
                        help="JSONL with one story in three copies (tests/data/http/copies.jsonl)")
    parser.add_argument("--hostile", required=True)
    parser.add_argument("--out", required=True, help="directory for the screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "")
    args = parser.parse_args()
    if not args.chromium or not os.access(args.chromium, os.X_OK):
        print("SKIPPED: chromium is not installed (scripts/install-deps.sh installs it)")
        return SKIP
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dossier-browser-") as work:
        try:
            run(args, work)
        except (Failure, subprocess.SubprocessError) as failure:
            print("FAILED:", failure)
            return 1
    print("browser test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

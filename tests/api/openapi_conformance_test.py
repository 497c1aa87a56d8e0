#!/usr/bin/env python3
"""Conformance of dossier-serve's JSON answers to docs/openapi.yaml.

Indexes the seed corpus (plus any extra fixture files), starts dossier-serve
on a free 127.0.0.1 port and sends real requests: good ones for every path and
method the YAML documents, and ones that must fail (bad query, bad parameter,
unknown facet, unknown id, unknown path, oversized q and URI, oversized body,
wrong method). For each answer it checks that

  - the status is the one the case expects and one the YAML documents for that
    operation (a request no operation covers, such as an unknown path or a
    method other than GET, must get a status from the YAML's
    x-server-wide-responses);
  - the Content-Type is a media type the YAML gives for that status;
  - the JSON body validates against that status's schema, with $ref resolved,
    OpenAPI 3.0 `nullable: true` turned into a type list with "null", and
    objects that list `properties` closed (additionalProperties: false unless
    the YAML says otherwise), so a field the server adds without documenting
    it is a mismatch too.

It also checks that the YAML's own response examples validate against their
schemas, that every documented path and method and every documented
status other than 503 was exercised, and that every documented query
parameter was sent at least once with a valid value (the server refuses
unknown parameters), so the YAML and this test cannot drift apart silently.
Finally it stops the server with SIGTERM and fails if it does not exit.

Exit status: 0 passed, 1 failed.
"""
import argparse
import copy
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

try:
    import jsonschema
    import yaml
except ImportError as missing:
    sys.exit(f"FAILED: {missing}: install python3-yaml and python3-jsonschema "
             "(scripts/install-deps.sh)")

STARTED = time.monotonic()
HTTP_TIMEOUT = 10
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The keywords of an OpenAPI 3.0 Schema Object (plus x- extensions). Anything
# else is a typo or a YAML slip (an unquoted comma in a flow mapping makes a
# key of the words after it), which jsonschema would silently ignore.
SCHEMA_KEYWORDS = {
    "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
    "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf",
    "not", "items", "properties", "additionalProperties", "description", "format", "default",
    "nullable", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs", "example",
    "deprecated", "$ref"}
# 503 needs an index that cannot be opened: not provoked here.
UNPROVOKED_STATUSES = {"503"}


class Failure(Exception):
    pass


# ---------------------------------------------------------------- the YAML

class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        if not str(self.doc.get("openapi", "")).startswith("3.0"):
            raise Failure(f"{path}: expected an OpenAPI 3.0 document")
        self.paths = self.doc["paths"]
        # (template, regex) for matching request paths to path items.
        self.templates = []
        for template in self.paths:
            pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            self.templates.append((template, re.compile("^" + pattern + "$")))
        self.server_wide = self.doc.get("x-server-wide-responses", {})

    def resolve(self, node):
        """Follows a $ref (local ones only) until a non-reference node."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/") or ref in seen:
                raise Failure(f"unsupported or cyclic $ref {ref}")
            seen.add(ref)
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def match(self, request_path):
        for template, pattern in self.templates:
            if pattern.match(request_path):
                return template
        return None

    def operations(self):
        for template, item in self.paths.items():
            for method in METHODS:
                if method in item:
                    yield template, method, item[method]

    def parameters(self, template, method):
        item = self.paths[template]
        params = [self.resolve(p) for p in item.get("parameters", [])]
        params += [self.resolve(p) for p in item[method].get("parameters", [])]
        return params

    def json_schema(self, schema):
        """An OpenAPI 3.0 schema object as a self-contained JSON Schema."""
        schema = copy.deepcopy(self.resolve(schema))
        if isinstance(schema, dict):
            unknown = [k for k in schema if k not in SCHEMA_KEYWORDS and not str(k).startswith("x-")]
            if unknown:
                raise Failure(f"schema keywords {unknown} are not OpenAPI 3.0's "
                              f"(a typo, or an unquoted comma in a flow mapping?) in {schema}")
            if "properties" in schema:
                schema["properties"] = {k: self.json_schema(v)
                                        for k, v in schema["properties"].items()}
            for key in ("items", "not"):
                if key in schema:
                    schema[key] = self.json_schema(schema[key])
            if isinstance(schema.get("additionalProperties"), dict):
                schema["additionalProperties"] = self.json_schema(schema["additionalProperties"])
            for key in ("allOf", "anyOf", "oneOf"):
                if key in schema:
                    schema[key] = [self.json_schema(s) for s in schema[key]]
            if "properties" in schema and "additionalProperties" not in schema:
                schema["additionalProperties"] = False
            if schema.pop("nullable", False):
                if "type" in schema:
                    schema["type"] = [schema["type"], "null"]
                if "enum" in schema:
                    schema["enum"] = list(schema["enum"]) + [None]
            for key in ("example", "description", "deprecated", "readOnly", "writeOnly",
                        "xml", "externalDocs", "discriminator"):
                schema.pop(key, None)
        return schema


# ---------------------------------------------------------------- HTTP

class Answer:
    def __init__(self, status, content_type, body):
        self.status = status
        self.content_type = content_type
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def send(port, method, target, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None and "Content-Length" not in (headers or {}):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return Answer(response.status, response.getheader("Content-Type", ""), response.read())
    finally:
        connection.close()


def send_unfinished(port, target):
    """Sends a request line and a header but never the blank line that ends
    them; returns the server's answer once it gives up waiting."""
    with socket.create_connection(("127.0.0.1", port), timeout=HTTP_TIMEOUT) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        return Answer(response.status, response.getheader("Content-Type", ""), response.read())


def media_type(content_type):
    return content_type.split(";", 1)[0].strip().lower()


# ---------------------------------------------------------------- checking

class Checker:
    def __init__(self, spec, port):
        self.spec = spec
        self.port = port
        self.failures = []
        self.count = 0
        self.seen_operations = set()   # (template, method)
        self.seen_statuses = set()     # (template, method, status)
        self.seen_params = set()       # (template, method, name)
        self.seen_server_wide = set()  # status

    def fail(self, message):
        self.failures.append(message)
        print("MISMATCH:", message)

    def request(self, what, method, target, expect, body=None, headers=None, unfinished=False):
        """Sends one request, checks it against the YAML; returns the JSON body.
        unfinished: the request never ends (no operation covers it)."""
        self.count += 1
        answer = send_unfinished(self.port, target) if unfinished else \
            send(self.port, method, target, body, headers)
        split = urllib.parse.urlsplit(target)
        path = urllib.parse.unquote(split.path)
        template = self.spec.match(path)
        lower = method.lower()
        shown = target if len(target) <= 100 else target[:80] + f"...({len(target)} bytes)"
        where = f"{method} {shown} -> {answer.status} ({what})"
        if not unfinished and template is not None and lower in self.spec.paths[template]:
            operation = self.spec.paths[template][lower]
            responses = operation["responses"]
            label = f"{method.upper()} {template}"
            self.seen_operations.add((template, lower))
            self.seen_statuses.add((template, lower, str(answer.status)))
            documented_params = {p["name"] for p in self.spec.parameters(template, lower)
                                 if p.get("in") == "query"}
            for name, _ in urllib.parse.parse_qsl(split.query, keep_blank_values=True):
                if name in documented_params and answer.status < 400:
                    self.seen_params.add((template, lower, name))
        else:
            responses = self.spec.server_wide
            label = "any request no operation covers (x-server-wide-responses)"
            self.seen_server_wide.add(str(answer.status))
        if answer.status != expect:
            self.fail(f"{where}: expected status {expect}; body {answer.body[:300]!r}")
        response = responses.get(str(answer.status)) or responses.get(
            f"{str(answer.status)[0]}XX") or responses.get("default")
        if response is None:
            self.fail(f"{where}: status {answer.status} is not documented for {label} "
                      f"(documented: {', '.join(sorted(responses))})")
            return None
        content = self.spec.resolve(response).get("content", {})
        if not content:
            return None
        declared = media_type(answer.content_type)
        if declared not in content:
            self.fail(f"{where}: Content-Type {answer.content_type!r} is not one of "
                      f"{sorted(content)} documented for {label} status {answer.status}")
            return None
        if lower == "head":
            return None
        try:
            document = answer.json()
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            self.fail(f"{where}: body is not JSON ({error}): {answer.body[:200]!r}")
            return None
        schema = content[declared].get("schema")
        if schema is not None:
            validator = jsonschema.Draft7Validator(self.spec.json_schema(schema))
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            for error in errors[:5]:
                instance_path = "/" + "/".join(str(p) for p in error.path)
                schema_path = "/".join(str(p) for p in error.schema_path)
                self.fail(f"{where}: {label} status {answer.status}: body at {instance_path} "
                          f"fails schema path {schema_path}: {error.message[:300]}")
            if len(errors) > 5:
                self.fail(f"{where}: ... and {len(errors) - 5} more schema errors")
        return document

    def examples(self):
        """Every example the YAML gives for a response must validate against its schema."""
        found = 0
        for template, method, operation in self.spec.operations():
            for status, response in operation["responses"].items():
                for media, content in self.spec.resolve(response).get("content", {}).items():
                    examples = []
                    if "example" in content:
                        examples.append(("example", content["example"]))
                    for name, example in content.get("examples", {}).items():
                        examples.append((name, self.spec.resolve(example).get("value")))
                    for name, document in examples:
                        found += 1
                        validator = jsonschema.Draft7Validator(
                            self.spec.json_schema(content["schema"]))
                        for error in list(validator.iter_errors(document))[:5]:
                            at = "/" + "/".join(str(p) for p in error.path)
                            self.fail(f"{method.upper()} {template} {status} {media} {name}: "
                                      f"the YAML's own example at {at} fails its schema: "
                                      f"{error.message[:300]}")
        print(f"ok: {found} examples in the YAML checked against their schemas")
        if found == 0:
            self.fail("the YAML gives no response example (GET /search should have one)")

    def coverage(self):
        for template, method, operation in self.spec.operations():
            label = f"{method.upper()} {template}"
            if (template, method) not in self.seen_operations:
                self.fail(f"{label}: documented but never requested by this test")
                continue
            for status in operation["responses"]:
                if status in UNPROVOKED_STATUSES or not status[0].isdigit():
                    continue
                if (template, method, status) not in self.seen_statuses:
                    self.fail(f"{label}: documented status {status} never provoked by this test")
            for param in self.spec.parameters(template, method):
                if param.get("in") == "query" and \
                        (template, method, param["name"]) not in self.seen_params:
                    self.fail(f"{label}: documented query parameter {param['name']} never sent "
                              "in a successful request by this test")
        for status in self.spec.server_wide:
            if status not in UNPROVOKED_STATUSES and status not in self.seen_server_wide:
                self.fail(f"x-server-wide-responses: status {status} never provoked by this test")


# ---------------------------------------------------------------- the cases

def q(**params):
    return "?" + urllib.parse.urlencode(params, doseq=True) if params else ""


def exercise(check):
    # The happy paths; the answers give real ids and facet values.
    result = check.request("word query", "GET", "/search" + q(q="sanctions"), 200)
    if not result or not result.get("hits"):
        raise Failure("GET /search?q=sanctions found nothing: the fixtures changed?")
    hit = result["hits"][0]
    facets = check.request("facets of everything", "GET", "/facets", 200) or {}
    actor = next((f["value"] for f in facets.get("facets", {}).get("actor", [])), "NATO")
    source = next((f["value"] for f in facets.get("facets", {}).get("source", [])), "x")
    every = dict(q="sanctions", actor=[actor], source=[source], author=["nobody"],
                 **{"from": "2000", "to": "2030-12-31"}, facets="actor,year,month,source,"
                 "author,mentioned_year", facet_limit=5, type="country")
    check.request("every filter and facet", "GET", "/search" + q(
        **every, sort="date", per_article=0, offset=1, limit=3, explain="1"), 200)
    check.request("every filter and facet", "GET", "/facets" + q(**every), 200)
    check.request("filters only, relevance order", "GET",
                  "/search" + q(actor=actor, sort="relevance", explain="false"), 200)
    check.request("ranking options", "GET", "/search" + q(
        q="china OR russia", passage_weight="0.5", rerank_depth=5, feedback="1", explain="1"), 200)
    check.request("bad passage weight", "GET", "/search" + q(q="x", passage_weight="-1"), 400)
    check.request("bad feedback", "GET", "/search" + q(q="x", feedback="yes"), 400)
    check.request("prose relaxed", "GET", "/search" + q(
        q="what are the prospects of china and russia cooperating against the united states navy",
        relax="1"), 200)
    check.request("every word required", "GET", "/search" + q(q="energy sanctions navy", relax="0"), 200)
    check.request("query in capitals", "GET", "/search" + q(q="CONFLICT BETWEEN CHINA AND NOT RUSSIA"), 200)
    check.request("misspelt word (suggestion)", "GET", "/search" + q(q="sanctoins"), 200)
    check.request("nothing found", "GET", "/search" + q(q="zzzqqqxxyy"), 200)
    check.request("hostile fixture", "GET", "/search" + q(q="zebrafinch", explain="true"), 200)
    check.request("limit 0", "GET", "/search" + q(q="sanctions", limit=0), 200)
    check.request("every copy a hit", "GET", "/search" + q(q="sanctions", copies="1"), 200)
    check.request("facets of articles", "GET", "/facets" + q(q="sanctions", copies="true"), 200)
    check.request("bad copies", "GET", "/search" + q(q="x", copies="all"), 400)
    passage_id = hit["passages"][0]["passage_id"]
    for h in result["hits"][:3]:
        for p in h["passages"]:
            check.request("passage of a hit", "GET",
                          "/passages/" + urllib.parse.quote(p["passage_id"], safe=""), 200)
    check.request("passage, 5 neighbours", "GET", "/passages/" + urllib.parse.quote(
        passage_id, safe="") + q(neighbours=5), 200)
    check.request("passage, no neighbours", "GET", "/passages/" + urllib.parse.quote(
        passage_id, safe="") + q(neighbours=0), 200)
    for h in result["hits"][:3]:
        check.request("article of a hit", "GET",
                      "/articles/" + urllib.parse.quote(h["article"]["id"], safe=""), 200)
    for h in result["hits"][:2]:
        check.request("story of a hit", "GET",
                      "/stories/" + urllib.parse.quote(h["article"]["id"], safe=""), 200)
    check.request("stats", "GET", "/stats", 200)
    check.request("health", "GET", "/health", 200)

    # Bad input: 400 with the parser's message.
    for path in ("/search", "/facets"):
        check.request("unknown facet", "GET", path + q(q="sanctions", facets="colour"), 400)
        check.request("bad date", "GET", path + q(**{"from": "2024-13"}), 400)
        check.request("unknown parameter", "GET", path + q(qq="x"), 400)
        check.request("unknown actor type", "GET", path + q(type="planet"), 400)
        check.request("bad query syntax", "GET", path + q(q="date:2024-13.."), 400)
        check.request("facet_limit 0", "GET", path + q(facet_limit=0), 400)
    check.request("bad sort", "GET", "/search" + q(sort="random"), 400)
    check.request("negative offset", "GET", "/search" + q(offset=-1), 400)
    check.request("limit over the maximum", "GET", "/search" + q(limit=100000), 400)
    check.request("bad explain", "GET", "/search" + q(explain="maybe"), 400)
    passage = "/passages/" + urllib.parse.quote(passage_id, safe="")
    check.request("neighbours over 20", "GET", passage + q(neighbours=21), 400)
    check.request("neighbours not a number", "GET", passage + q(neighbours="x"), 400)

    # Unknown ids: 404.
    check.request("unknown passage", "GET", "/passages/no-such-passage@1", 404)
    check.request("unknown article", "GET", "/articles/no-such-article", 404)
    check.request("story of an unknown article", "GET", "/stories/no-such-article", 404)

    # Oversized: 414 for a long q and a long URI, 413 for a large body.
    check.request("q over --max-query-bytes", "GET", "/search" + q(q="a" * 5000), 414)
    check.request("q over --max-query-bytes", "GET", "/facets" + q(q="a" * 5000), 414)
    check.request("URI over --max-uri-bytes", "GET", "/search" + q(q="ab " * 3000), 414)
    check.request("body over --max-request-bytes", "POST", "/search", body=b"",
                  headers={"Content-Length": str(10 * 1024 * 1024)}, expect=413)

    # Paths and methods the API does not have.
    check.request("unknown path", "GET", "/nope", 404)
    check.request("URI over --max-uri-bytes, unknown path", "GET", "/nope" + q(x="y" * 9000), 414)
    check.request("unknown path", "GET", "/search/extra", 404)
    check.request("unknown path", "GET", "/api/search", 404)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        check.request("wrong method", method, "/search" + q(q="sanctions"), 405, body=b"{}")
    check.request("wrong method", "DELETE", "/health", 405)

    # Slow: a request not whole within --request-timeout (1 s here) is 408.
    check.request("headers never finished", "GET", "/search" + q(q="sanctions"), 408,
                  unfinished=True)


# ---------------------------------------------------------------- the server

def start_server(serve_bin, index):
    server = subprocess.Popen([serve_bin, "--index", index, "--port", "0", "--threads", "2",
                               "--request-timeout", "1", "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    line = server.stderr.readline()
    found = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        server.kill()
        server.wait()
        raise Failure("dossier-serve did not start: " + line + server.stderr.read())
    return server, int(found.group(1))


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        status = server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise Failure("dossier-serve did not exit within 10 s of SIGTERM")
    if status != 0:
        raise Failure(f"dossier-serve exited with status {status} after SIGTERM")
    print("ok: dossier-serve exits cleanly on SIGTERM")


def run(args, work):
    spec = Spec(args.spec)
    index = args.reuse_index
    if not index:
        index = os.path.join(work, "index")
        subprocess.run([args.index_bin, "--quiet", "--index", index, args.corpus, *args.extra],
                       check=True, timeout=60)
        print(f"indexed in {time.monotonic() - STARTED:.1f}s")
    server, port = start_server(args.serve_bin, index)
    try:
        check = Checker(spec, port)
        exercise(check)
        check.coverage()
        check.examples()
    finally:
        stop_server(server)
    print(f"{check.count} requests in {time.monotonic() - STARTED:.1f}s; "
          f"{len(check.failures)} mismatches")
    if check.failures:
        raise Failure(f"{len(check.failures)} mismatches between dossier-serve and {args.spec}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", required=True, help="docs/openapi.yaml")
    parser.add_argument("--serve-bin", required=True)
    parser.add_argument("--index-bin", help="dossier-index (not needed with --reuse-index)")
    parser.add_argument("--corpus", help="the corpus directory to index")
    parser.add_argument("--extra", nargs="*", default=[], help="more files to index")
    parser.add_argument("--reuse-index", help="an existing index to serve instead")
    args = parser.parse_args()
    if not args.reuse_index and not (args.index_bin and args.corpus):
        parser.error("give --index-bin and --corpus, or --reuse-index")
    with tempfile.TemporaryDirectory(prefix="dossier-openapi-") as work:
        try:
            run(args, work)
        except (Failure, subprocess.SubprocessError, OSError) as failure:
            print("FAILED:", failure)
            return 1
    print("OpenAPI conformance test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

-- wrk script of the soak test (tests/soak/run-soak.sh starts it through
-- soak.py): cycles through the requests of queries.txt, one bad request in
-- ten, checks the status class of every answer and times every search.
--
--   wrk --threads N --connections N -s soak.lua URL -- RESULTS_FILE QUERIES_FILE
--
-- It must run with one connection per thread. wrk calls response() without
-- saying which request it answers; on one connection requests and answers
-- alternate (no pipelining), so the single request a thread has in flight is
-- the one answered. If wrk sends a new request while one is still in flight,
-- the connection was lost (wrk reconnects and sends afresh): that request is
-- counted as lost, never matched with a later answer.
--
-- done() writes RESULTS_FILE for soak.py, one record per line, tab-separated:
--   count KIND CLASS N      answers of a kind (search/valid/bad) per class
--                           (200, 2xx, 3xx, 4xx, 5xx, other)
--   lat T_MS LATENCY_MS     one per search answered 200: when it was sent
--                           (CLOCK_MONOTONIC, ms: soak.py's clock too) and
--                           how long it took
--   mismatch KIND STATUS PATH BODY   the first answers of the wrong class
--   lost N PATH             requests that got no answer
--   requests N / duration_us N / error KIND N   wrk's own totals

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
int clock_gettime(int clock_id, soak_timespec *tp);
unsigned long pthread_self(void);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("soak_timespec")

-- wrk keeps no per-request time a script can read; the monotonic clock read
-- in request() and response() brackets the same span wrk times (it starts
-- its clock right after request() returns and stops it right before
-- response() is called).
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

local BAD_EVERY = 10
local MAX_MISMATCHES = 20

-- Per-thread state (each wrk thread has a Lua state of its own).
local kinds = {}      -- KIND -> list of paths
local next_of = {}    -- KIND -> index of its next path
local sent = 0
local pending = nil   -- {kind, path, start} of the request in flight
counts = {}           -- "KIND\tCLASS" -> N; globals: done() reads them with thread:get
lat = {}              -- "T_MS\tLATENCY_MS" strings
mismatches = {}
lost = 0
lost_paths = {}

-- Main state: the threads, for done().
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_no", #threads)
end

-- wrk calls request() once more, on its own main thread before the first
-- thread starts, to look at the request; that one is never sent.
local init_thread = nil

function init(args)
  init_thread = ffi.C.pthread_self()
  results_file = args[1]  -- a global: the main state's done() has no args
  for line in io.lines(args[2]) do
    local kind, path = line:match("^(%a+)\t(%S+)$")
    if kind then
      kinds[kind] = kinds[kind] or {}
      table.insert(kinds[kind], path)
    end
  end
  if not kinds.bad or not (kinds.search or kinds.valid) then
    error("queries file " .. tostring(args[2]) .. " needs bad and valid requests")
  end
  -- Spread the kinds over the threads, so that not every thread sends the
  -- same path at the same moment.
  local no = thread_no or 1
  sent = no
  for kind, paths in pairs(kinds) do
    next_of[kind] = (no * 7) % #paths + 1
  end
end

local function take(kind)
  local paths = kinds[kind]
  local i = next_of[kind]
  next_of[kind] = i % #paths + 1
  return paths[i]
end

-- Valid requests alternate between searches and the other valid views in
-- proportion to their lines.
local valid_cycle = 0
local function next_valid()
  local n_search = kinds.search and #kinds.search or 0
  local n_valid = kinds.valid and #kinds.valid or 0
  valid_cycle = valid_cycle % (n_search + n_valid) + 1
  if valid_cycle <= n_search then
    return "search", take("search")
  end
  return "valid", take("valid")
end

function request()
  if ffi.C.pthread_self() == init_thread then
    return wrk.format("GET", kinds.search and kinds.search[1] or kinds.valid[1])
  end
  if pending then
    lost = lost + 1
    if #lost_paths < MAX_MISMATCHES then
      lost_paths[#lost_paths + 1] = pending.path
    end
  end
  sent = sent + 1
  local kind, path
  if sent % BAD_EVERY == 0 then
    kind, path = "bad", take("bad")
  else
    kind, path = next_valid()
  end
  pending = { kind = kind, path = path, start = now_ms() }
  return wrk.format("GET", path)
end

local function class_of(status)
  if status == 200 then return "200" end
  if status >= 200 and status < 600 then return math.floor(status / 100) .. "xx" end
  return "other"
end

function response(status, headers, body)
  local finished = now_ms()
  local p = pending
  pending = nil
  if not p then
    -- An answer to no request: cannot happen on one connection per thread.
    counts["none\tother"] = (counts["none\tother"] or 0) + 1
    return
  end
  local class = class_of(status)
  local key = p.kind .. "\t" .. class
  counts[key] = (counts[key] or 0) + 1
  local expected = class == "200"
  if p.kind == "bad" then
    expected = class == "4xx"
  end
  if not expected and #mismatches < MAX_MISMATCHES then
    mismatches[#mismatches + 1] = table.concat(
      { p.kind, tostring(status), p.path, ((body or ""):sub(1, 120):gsub("[\t\r\n]", " ")) }, "\t")
  end
  if p.kind == "search" and class == "200" then
    lat[#lat + 1] = string.format("%.1f\t%.3f", p.start, finished - p.start)
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(threads[1]:get("results_file"), "w"))
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("counts")) do
      out:write("count\t", key, "\t", n, "\n")
    end
    for _, line in ipairs(thread:get("lat")) do
      out:write("lat\t", line, "\n")
    end
    for _, line in ipairs(thread:get("mismatches")) do
      out:write("mismatch\t", line, "\n")
    end
    local paths = thread:get("lost_paths")
    out:write("lost\t", thread:get("lost"), "\t", table.concat(paths, " "), "\n")
  end
  out:write("requests\t", summary.requests, "\n")
  out:write("duration_us\t", summary.duration, "\n")
  for _, kind in ipairs({ "connect", "read", "write", "timeout", "status" }) do
    out:write("error\t", kind, "\t", summary.errors[kind], "\n")
  end
  out:close()
end

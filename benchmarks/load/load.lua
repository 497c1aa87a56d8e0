-- wrk script: cycles through the request paths of a file (one per line,
-- '#' comments) and prints requests/s, latency p50/p99 and non-2xx answers.
-- Usage: wrk ... -s load.lua URL -- QUERIES_FILE
local paths = {}
local next_path = 1

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no requests in " .. tostring(args[1]))
  end
  -- Each wrk thread starts at a different place in the mix.
  next_path = math.random(#paths)
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end

local non_2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                        summary.errors.timeout
  io.write(string.format("requests        %d\n", summary.requests))
  io.write(string.format("requests/s      %.0f\n", summary.requests / seconds))
  io.write(string.format("latency p50 ms  %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("latency p99 ms  %.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("latency max ms  %.2f\n", latency.max / 1000))
  io.write(string.format("non-2xx         %d\n", summary.errors.status))
  io.write(string.format("socket errors   %d\n", socket_errors))
end

-- wrk script of bench/serving.sh: POSTs the request bodies of a file (one JSON per line) in turn,
-- counts the answers of each model version, and writes a JSON summary to $WRK_SUMMARY.
--   WRK_SUMMARY=<file> wrk ... -s load.lua <url> -- <bodies file> <token>
local bodies = {}
local threads = {}
local position = 0
versions = {}
failed = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  position = math.random(#bodies)
end

function request()
  position = position % #bodies + 1
  return wrk.format("POST", nil, nil, bodies[position])
end

function response(status, headers, body)
  if status ~= 200 then
    failed = failed + 1
    return
  end
  local version = body:match('"version":(%d+)') or "none"
  versions[version] = (versions[version] or 0) + 1
end

-- Runs in wrk's main Lua state, which sees the threads' counters only through thread:get.
function done(summary, latency, requests)
  local answered, failures = {}, 0
  for _, thread in ipairs(threads) do
    failures = failures + thread:get("failed")
    for version, count in pairs(thread:get("versions")) do
      answered[version] = (answered[version] or 0) + count
    end
  end
  local parts = {}
  for version, count in pairs(answered) do
    parts[#parts + 1] = string.format('"%s": %d', version, count)
  end
  local e = summary.errors
  local out = assert(io.open(os.getenv("WRK_SUMMARY"), "w"))
  out:write(string.format('{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p90": %.2f, "p99": %.2f,'
      .. ' "non2xx": %d, "socketErrors": %d, "versions": {%s}}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      failures, e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
  out:close()
end

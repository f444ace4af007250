-- wrk script for bench/run. Read from the environment:
--   BENCH_UA          User-Agent sent with every request (a browser's, so views count)
--   BENCH_PATHS       a file of paths, one a line: requests walk through them in order,
--                     so each request asks for a different page (the cache-cold article walk)
--   BENCH_STOP_AFTER  stop once this many responses came back (fixed-count runs), and
--                     create the file BENCH_DONE_FILE: wrk's main thread sleeps for the
--                     whole -d, so bench/run waits for that file and then ends wrk with SIGINT
-- done() prints one line, "BENCH {json}", that bench/helper.py reads; times are microseconds.
-- request() and response() are defined only when needed: otherwise wrk sends its
-- precomputed request without calling Lua, as a plain `wrk` run would.

local ua = os.getenv("BENCH_UA")
if ua and ua ~= "" then
  wrk.headers["User-Agent"] = ua
end

-- BENCH_ENCODING: Accept-Encoding sent with every request (the nginx rows ask as browsers do)
local encoding = os.getenv("BENCH_ENCODING")
if encoding and encoding ~= "" then
  wrk.headers["Accept-Encoding"] = encoding
end

local paths_file = os.getenv("BENCH_PATHS")
if paths_file and paths_file ~= "" then
  local paths = {}
  for line in io.lines(paths_file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  local i = 0
  request = function()
    i = i % #paths + 1
    return wrk.format(nil, paths[i])
  end
end

local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "")
if stop_after then
  local done_file = os.getenv("BENCH_DONE_FILE")
  local seen = 0
  response = function(status, headers, body)
    seen = seen + 1
    if seen == stop_after then
      if done_file then
        io.open(done_file, "w"):close()
      end
      wrk.thread:stop()
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
      .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean
  ))
end

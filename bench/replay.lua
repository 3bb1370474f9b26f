-- Replays pre-built raw HTTP requests for wrk (bench/signing.py writes them, NUL after each).
--
--   wrk -t T -c C -d D -s bench/replay.lua URL -- <file> <cycle|once> <T>
--
-- Thread k of T takes requests k, k+T, k+2T, ... of the file: its own slice.
--   cycle  hand the slice out round-robin for the whole run (a replayed DescribeInstance)
--   once   send each request at most once (CreateInstance: one alias each). A thread that
--          runs dry ends the whole run: it sends wrk SIGINT, so wrk stops all threads and
--          reports the time actually spent, and says so in the summary below.
-- done() prints one line "BENCH_RESULT {json}" that bench/wrk.py reads.

local ffi = require("ffi")
ffi.cdef [[
int getpid(void);
int kill(int pid, int sig);
]]
local SIGINT = 2

local threads = {}
local started = 0

function setup(thread)
  thread:set("slice", started)
  started = started + 1
  table.insert(threads, thread)
end

local pool = {}
local size = 0
local position = 1
local once = false
ran_dry = 0

function init(args)
  local path, mode, count = args[1], args[2], tonumber(args[3])
  once = mode == "once"
  local file = assert(io.open(path, "rb"))
  local data = file:read("*a")
  file:close()
  local start, index = 1, 0
  while true do
    local stop = string.find(data, "\0", start, true)
    if stop == nil then break end
    if index % count == slice then
      size = size + 1
      pool[size] = string.sub(data, start, stop - 1)
    end
    index = index + 1
    start = stop + 1
  end
  assert(size > 0, "no requests for this thread in " .. path)
end

function request()
  if position > size then
    if not once then
      position = 1
    else
      if ran_dry == 0 then
        ran_dry = 1
        ffi.C.kill(ffi.C.getpid(), SIGINT)
        wrk.thread:stop()
      end
      return "" -- nothing more is sent on this connection
    end
  end
  local raw = pool[position]
  position = position + 1
  return raw
end

function done(summary, latency, requests)
  local dry = 0
  for _, thread in ipairs(threads) do
    dry = dry + (thread:get("ran_dry") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"min": %d, "mean": %.1f, "p50": %d, "p90": %d, "p99": %d, ' ..
    '"p999": %d, "max": %d}, "threads_ran_dry": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, dry))
end

-- wrk script of benchmarks/vote_throughput.py: one measured request, repeated for a fixed
-- time, then a clean stop so that every measured request sent got its response.
--
--   wrk -t2 -c32 -d<seconds + grace>s -s post_measured.lua http://127.0.0.1:PORT \
--       -- <seconds> <method> <path> <body file> <cookie header>
--
-- For <seconds> each connection sends the measured request; afterwards it sends GET
-- /bench/drain/ (answered 204, not counted) until every measured request of its thread has
-- been answered, then the thread stops. wrk's own -d only cuts off a run that never drains
-- (socket errors). So the server has acted on exactly the measured requests counted here,
-- which lets the benchmark compare the rows stored with the responses received.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } wp_timespec;
int clock_gettime(int clock_id, wp_timespec *tp);
]]
local timespec = ffi.new("wp_timespec")
local CLOCK_MONOTONIC = 1

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

-- Per-thread state (each wrk thread has its own Lua state); read back in done().
started = nil
last_response = 0
sent = 0
received = 0
in_window = 0 -- measured responses received within the measured time: the throughput
drains = 0
statuses = {}

measure_for = 0
local measured_request, drain_request
local stopping = false
-- wrk calls request() once on its first thread, before the run, to check the request it
-- builds; that call is not a request sent.
local verification_call_pending = false

function init(args)
  verification_call_pending = thread_index == 1
  measure_for = tonumber(args[1])
  local method, path, body_file, cookie = args[2], args[3], args[4], args[5]
  local body = nil
  local headers = {}
  if body_file and body_file ~= "" and body_file ~= "-" then
    local f = assert(io.open(body_file, "rb"))
    body = f:read("*a")
    f:close()
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if cookie and cookie ~= "" then
    headers["Cookie"] = cookie
  end
  measured_request = wrk.format(method, path, headers, body)
  drain_request = wrk.format("GET", "/bench/drain/")
end

function request()
  if verification_call_pending then
    verification_call_pending = false
    return measured_request
  end
  local t = now()
  if started == nil then
    started = t
  end
  if not stopping and t - started < measure_for then
    sent = sent + 1
    return measured_request
  end
  stopping = true
  return drain_request
end

function response(status, headers, body)
  local t = now()
  local in_time = t - started < measure_for
  if not in_time then
    stopping = true
  end
  if status == 204 then
    drains = drains + 1
  else
    received = received + 1
    if in_time then
      in_window = in_window + 1
    end
    last_response = t
    statuses[status] = (statuses[status] or 0) + 1
  end
  if stopping and received >= sent then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local first, last, seconds = nil, 0, threads[1]:get("measure_for")
  local total_sent, total_received, total_drains, total_in_window = 0, 0, 0, 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("started")
    if s ~= nil and (first == nil or s < first) then
      first = s
    end
    local l = thread:get("last_response")
    if l > last then
      last = l
    end
    total_sent = total_sent + thread:get("sent")
    total_received = total_received + thread:get("received")
    total_drains = total_drains + thread:get("drains")
    total_in_window = total_in_window + thread:get("in_window")
    for code, n in pairs(thread:get("statuses")) do
      by_status[code] = (by_status[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(by_status) do
    table.insert(parts, string.format("%d:%d", code, n))
  end
  local e = summary.errors
  io.write(string.format(
    "wp-result seconds=%s in_window=%d tail=%.6f sent=%d received=%d drains=%d statuses=%s "
      .. "connect=%d read=%d write=%d timeout=%d status_errors=%d "
      .. "p50_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    seconds, total_in_window, first and (last - first - seconds) or 0,
    total_sent, total_received, total_drains,
    table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max
  ))
end

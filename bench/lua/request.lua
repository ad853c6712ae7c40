-- The request wrk repeats, from the environment set by bench/run.sh (the URL comes from the command line):
--   BENCH_METHOD (default POST; GET sends no body), BENCH_BODY, BENCH_CONTENT_TYPE, BENCH_HEADERS (newline-separated "Name: value", "#" starts a comment).
--   BENCH_REQUESTS_FILE (optional): one request per line, "body<TAB>Name: value<TAB>...": each request picks a random
--   line (its body and extra headers), so a run spreads over many clients and tills instead of one hot entry.
-- Counts every non-2xx response (wrk itself counts only >= 400) and prints one RESULT line at the end.

wrk.method = os.getenv("BENCH_METHOD") or "POST"
if wrk.method ~= "GET" then
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
end
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^%s*([^:#%s][^:]*):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

local requests_file = os.getenv("BENCH_REQUESTS_FILE") or ""
local pool = {}

-- Built per thread in init(), when wrk has set the host and path the requests are formatted with.
local function load_pool()
  for line in io.lines(requests_file) do
    local fields = {}
    for field in line:gmatch("[^\t]+") do table.insert(fields, field) end
    local extra = {}
    for name, value in pairs(wrk.headers) do extra[name] = value end
    for i = 2, #fields do
      local name, value = fields[i]:match("^%s*([^:]+):%s*(.-)%s*$")
      if name then extra[name] = value end
    end
    table.insert(pool, wrk.format(nil, nil, extra, fields[1]))
  end
  assert(#pool > 0, "BENCH_REQUESTS_FILE " .. requests_file .. " is empty")
end

if requests_file ~= "" then
  request = function()
    return pool[math.random(#pool)]
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  non2xx = 0
  if requests_file ~= "" then
    math.randomseed(os.time() * 100 + thread_number)
    load_pool()
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    non2xx_total, e.connect + e.read + e.write + e.timeout))
end

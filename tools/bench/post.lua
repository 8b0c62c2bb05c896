-- wrk script: POSTs the API reference's example event to /v1/events, each request with its own
-- event_id (run prefix, thread number, counter), so the gateway's dedup accepts every one.
-- Usage: wrk -s post.lua URL -- <api key>

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local key = args[1] or "tl_live_missing"
  math.randomseed(os.time() * 1000 + thread_id)
  prefix = string.format("bench-%d-%06d-%d-", os.time(), math.random(0, 999999), thread_id)
  event_time = os.time()
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }
end

local template = [[{
  "event_id": "%s",
  "event_name": "purchase",
  "event_time": %d,
  "merchant_id": "5353bbf0-07ad-4636-98c6-64861af1b8c9",
  "source": "server",
  "user_data": {
    "email": "buyer@example.com",
    "phone": "+15551234567",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "city": "San Francisco",
    "state": "ca",
    "zip": "94103",
    "country": "us",
    "customer_id": "cust_123",
    "browser_ids": { "fbp": "fb.1...", "fbc": "fb.1..." }
  },
  "value": 129.99,
  "currency": "USD",
  "order_id": "12345",
  "items": [{ "id": "SKU-A", "quantity": 1, "price": 129.99 }]
}]]

function request()
  counter = counter + 1
  return wrk.format("POST", "/v1/events", headers, string.format(template, prefix .. counter, event_time))
end

-- With BENCH_HIST set, the run's latency histogram (microseconds, count) is appended to that
-- file, so the benchmark can merge the rounds of one server into exact percentiles.
function done(summary, latency, requests)
  local path = os.getenv("BENCH_HIST")
  if not path or path == "" then return end
  local f = assert(io.open(path, "a"))
  local last = -1
  for i = 1, 10000000 do
    local v, c = latency(i)
    -- latency(i) lists distinct values in increasing order; past the end it repeats itself
    if v == nil or c == nil or c == 0 or v <= last then break end
    f:write(v, " ", c, "\n")
    last = v
  end
  f:close()
end

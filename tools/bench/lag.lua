-- wrk script for tools/bench/rollup-lag: POSTs a purchase without merchant_id (the key names the
-- merchant) with its own event_id and one of 5,000 customers' emails, and waits `BENCH_DELAY_MS` after each answer, so C connections
-- offer about C * 1000 / (delay + answer time) events/s.
-- Usage: BENCH_DELAY_MS=4 wrk -s lag.lua URL -- <api key>

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local key = args[1] or "tl_live_missing"
  math.randomseed(os.time() * 1000 + thread_id)
  prefix = string.format("lag-%d-%06d-%d-", os.time(), math.random(0, 999999), thread_id)
  counter = 0
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }
end

local template = [[{"event_id":"%s","event_name":"purchase","event_time":%d,"source":"server",
"user_data":{"email":"buyer%d@example.com","phone":"+15551234567","client_ip":"203.0.113.7",
"client_user_agent":"Mozilla/5.0"},"value":129.99,"currency":"USD","order_id":"%s"}]]

function request()
  counter = counter + 1
  local id = prefix .. counter
  -- 5,000 customers per thread: a store's buyers, not one key that every event shares.
  local body = string.format(template, id, os.time(), counter % 5000, id)
  return wrk.format("POST", "/v1/events", headers, body)
end

function delay()
  return pause
end

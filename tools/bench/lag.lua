-- wrk script for tools/bench/rollup-lag: post.lua's set-up (key, ids, headers), but a purchase
-- without merchant_id (the key names the merchant) for one of 5,000 customers' emails, and a pause
-- of `BENCH_DELAY_MS` after each answer, so C connections offer about
-- C * 1000 / (pause + answer time) events/s.
-- Usage: BENCH_DELAY_MS=4 wrk -s lag.lua URL -- <api key>

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "post.lua")

local template = [[{"event_id":"%s","event_name":"purchase","event_time":%d,"source":"server",
"user_data":{"email":"buyer%d@example.com","phone":"+15551234567","client_ip":"203.0.113.7",
"client_user_agent":"Mozilla/5.0"},"value":129.99,"currency":"USD","order_id":"%s"}]]
local sent = 0
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")

function request()
  sent = sent + 1
  local id = prefix .. sent
  -- A store's buyers, not one key that every event shares.
  local body = string.format(template, id, os.time(), sent % 5000, id)
  return wrk.format("POST", "/v1/events", headers, body)
end

function delay()
  return pause
end

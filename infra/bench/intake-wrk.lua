-- wrk script of intake-wrk.sh: POST /api/complaints with a valid complaint, the bearer token in SIAGA_TOKEN and,
-- unless SIAGA_IDEMPOTENCY=0, a fresh Idempotency-Key per request; counts 201s and other answers over all threads.
local token = os.getenv("SIAGA_TOKEN") or ""
local idempotent = os.getenv("SIAGA_IDEMPOTENCY") ~= "0"
local body = '{"category":"fallen-tree","lat":-7.6298,"lon":111.5239,'
  .. '"address":"Jl. Pahlawan dekat Alun-alun Kota Madiun",'
  .. '"description":"Pohon trembesi tumbang menutup separuh jalan (uji beban)",'
  .. '"reporter":{"name":"Warga Uji","phone":"+62 812-0000-0000"}}'
local threads = {}
local counter = 0
local prefix = ""
created = 0
other = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  prefix = string.format("wrk-%d-%d-%d-", os.time(), math.random(1, 1000000000), thread_number)
end

function request()
  counter = counter + 1
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
  if idempotent then
    headers["Idempotency-Key"] = prefix .. counter
  end
  return wrk.format("POST", "/api/complaints", headers, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    o = o + thread:get("other")
  end
  io.write(string.format("answers: created=%d other=%d\n", c, o))
end

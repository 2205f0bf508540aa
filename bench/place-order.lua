-- wrk script for the "place order" scenario (see docs/benchmarks.md):
--   wrk -t2 -c64 -d30s --latency -s bench/place-order.lua http://127.0.0.1:PORT -- DIR
-- DIR holds skus.txt and tokens.txt written by `Circula.Bench setup`. Every request is POST /api/v1/orders for one
-- piece of a random SKU by a random buyer, with a new Idempotency-Key.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local lines = dofile("bench/wrk-lines.lua")

function init(args)
  local dir = assert(args[1], "pass the setup directory after --")
  skus = lines(dir .. "/skus.txt")
  tokens = lines(dir .. "/tokens.txt")
  math.randomseed(os.time() * 100 + id)
  prefix = string.format("wrk-%d-%d-%d-", id, os.time(), math.random(1, 1000000000))
end

local address = '{"name":"李四","phone":"13912345678","province":"浙江省","city":"杭州市","district":"西湖区","detail":"文三路 1 号"}'

function request()
  counter = counter + 1
  local body = '{"lines":[{"skuId":' .. skus[math.random(#skus)] .. ',"quantity":1}],"address":' .. address .. '}'
  return wrk.format("POST", "/api/v1/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
    ["Idempotency-Key"] = prefix .. counter,
  }, body)
end

-- The KEY=value figures the run scripts read (bench/wrk-report.lua).
done = dofile("bench/wrk-report.lua")

-- wrk script for the "quote" scenario (see docs/benchmarks.md):
--   wrk -t2 -c64 -d30s --latency -s bench/quote.lua http://127.0.0.1:PORT -- DIR
-- DIR holds tokens.txt (signed-in buyers, from `Circula.Bench setup`) and quote-body.json (written by bench/run-quotes.sh:
-- one item of bench/quote-rule.json in its category). Every request is POST /api/v1/recycling/quotes by a random buyer.

local lines = dofile("bench/wrk-lines.lua")

function init(args)
  local dir = assert(args[1], "pass the setup directory after --")
  tokens = lines(dir .. "/tokens.txt")
  body = lines(dir .. "/quote-body.json")[1]
  math.randomseed(os.time())
end

function request()
  return wrk.format("POST", "/api/v1/recycling/quotes", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)],
  }, body)
end

done = dofile("bench/wrk-report.lua")

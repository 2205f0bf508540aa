-- wrk script for the "browse" scenario of bench/run-cluster.sh (see docs/benchmarks.md):
--   wrk -t2 -c64 -d20s --latency -s bench/browse.lua http://127.0.0.1:PORT
-- Every request is an anonymous GET /api/v1/products, 20 to a page, newest first, a random page of the first 10 (the
-- 200 products `Circula.Bench setup` creates, and the demo ones), as a mini program's catalogue does.

function init(args)
  math.randomseed(os.time() * 100 + math.random(1, 1000))
end

function request()
  return wrk.format("GET", "/api/v1/products?sort=newest&pageSize=20&page=" .. math.random(1, 10))
end

done = dofile("bench/wrk-report.lua")

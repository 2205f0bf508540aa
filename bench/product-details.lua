-- wrk script for the details scenario of bench/run-browse.sh (see docs/benchmarks.md):
--   wrk -t2 -c64 -d20s --latency -s bench/product-details.lua http://127.0.0.1:PORT -- OUT_DIR
-- Every request is an anonymous GET /api/v1/products/{id} of a random one of the bench products (OUT_DIR/products.txt).
local lines = dofile("bench/wrk-lines.lua")
local products

function init(args)
  math.randomseed(os.time() * 100 + math.random(1, 1000))
  products = lines(args[1] .. "/products.txt")
end

function request()
  return wrk.format("GET", "/api/v1/products/" .. products[math.random(1, #products)])
end

done = dofile("bench/wrk-report.lua")

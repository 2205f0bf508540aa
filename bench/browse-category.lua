-- wrk script for the list scenario of bench/run-browse.sh (see docs/benchmarks.md):
--   wrk -t2 -c64 -d20s --latency -s bench/browse-category.lua http://127.0.0.1:PORT -- OUT_DIR
-- Every request is an anonymous GET /api/v1/products of the bench category (OUT_DIR/category.txt), 20 to a page,
-- newest first, a random page of its first 10, as a mini program's category page does.
local lines = dofile("bench/wrk-lines.lua")
local category

function init(args)
  math.randomseed(os.time() * 100 + math.random(1, 1000))
  category = lines(args[1] .. "/category.txt")[1]
end

function request()
  return wrk.format("GET", "/api/v1/products?categoryId=" .. category .. "&sort=newest&pageSize=20&page=" .. math.random(1, 10))
end

done = dofile("bench/wrk-report.lua")

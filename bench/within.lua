-- wrk script for bench/run-search.sh's geo-fence line: POSTs bench/within-3km.json (a hexagon 3 km from its centre to
-- each corner, around the nearby queries' point in 西湖区, GCJ-02) to the URL given (/api/v1/listings/within).
local file = assert(io.open("bench/within-3km.json"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
done = dofile("bench/wrk-report.lua")

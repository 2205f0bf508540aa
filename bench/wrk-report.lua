-- wrk's done() for every scenario: the figures as KEY=value lines, which the run scripts read. wrk counts every answer
-- with a status >= 400 in errors.status; the endpoints measured never answer 1xx or 3xx, so that is the count of
-- non-2xx answers. Socket errors and timeouts are counted apart. Load it from the repository root:
--   done = dofile("bench/wrk-report.lua")
return function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("WRK_REQUESTS=%d\n", summary.requests))
  io.write(string.format("WRK_RPS=%.1f\n", summary.requests / seconds))
  io.write(string.format("WRK_P50_MS=%.1f\n", latency:percentile(50) / 1000))
  io.write(string.format("WRK_P95_MS=%.1f\n", latency:percentile(95) / 1000))
  io.write(string.format("WRK_P99_MS=%.1f\n", latency:percentile(99) / 1000))
  io.write(string.format("WRK_MAX_MS=%.1f\n", latency.max / 1000))
  io.write(string.format("WRK_NON2XX=%d\n", e.status))
  io.write(string.format("WRK_SOCKET_ERRORS=%d\n", e.connect + e.read + e.write + e.timeout))
end

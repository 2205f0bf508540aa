-- wrk script for the ceiling of a run (see docs/benchmarks.md): GET of the URL given (/health/live, which answers from
-- memory), reported like the scenarios, so a scenario's rate can be read against what the server does with no work.
done = dofile("bench/wrk-report.lua")

-- wrk script that GETs the URL given and reports like the scenarios (see docs/benchmarks.md): the ceiling of a run
-- (/health/live, which answers from memory), so a scenario's rate can be read against what the server does with no
-- work, and each search of bench/run-search.sh's query mix.
done = dofile("bench/wrk-report.lua")

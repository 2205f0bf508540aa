-- The non-empty lines of a file the setup wrote (tokens, SKU ids), for the wrk scenarios. Load it from the repository root:
--   local lines = dofile("bench/wrk-lines.lua")
return function(path)
  local file = assert(io.open(path, "r"), "cannot read " .. path)
  local result = {}
  for line in file:lines() do
    if line ~= "" then table.insert(result, line) end
  end
  file:close()
  assert(#result > 0, path .. " is empty")
  return result
end

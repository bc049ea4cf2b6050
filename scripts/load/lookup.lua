-- wrk script: GET look-ups from the file named by LOOKUPS, in a random order per thread.
local paths = {}
for line in io.lines(os.getenv("LOOKUPS")) do
  paths[#paths + 1] = line
end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

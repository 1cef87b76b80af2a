-- wrk script for the db-node benchmark: every request is PUT /kv/bench-<run>-<thread>-<n> with a 64-byte value,
-- so keys never repeat; each connection waits for its answer before the next request (no pipelining), so the
-- number of connections is the number of concurrent clients. wrk counts answers other than 2xx/3xx itself.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local run = tostring(os.time())
local n = 0
local value = string.rep("x", 64)

function request()
  n = n + 1
  return wrk.format("PUT", "/kv/bench-" .. run .. "-" .. id .. "-" .. n, nil, value)
end

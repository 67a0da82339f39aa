-- wrk script for bench/search.sh: GET /api/v1/search?q=<query>, cycling through the
-- queries of the file named by $QUERIES (one a line; bench/search_queries.txt), each
-- thread starting at a different place in the list. Anonymous, accepts gzip.

local queries = {}

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local counter = 0
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local path = os.getenv("QUERIES") or "bench/search_queries.txt"
  for line in io.lines(path) do
    if line ~= "" then
      queries[#queries + 1] = "/api/v1/search?q=" .. urlencode(line)
    end
  end
  if #queries == 0 then
    error("no queries in " .. path)
  end
  counter = (tonumber(id) or 0) * 7
end

function request()
  counter = counter + 1
  local path = queries[(counter % #queries) + 1]
  return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip", ["Accept"] = "application/json" })
end

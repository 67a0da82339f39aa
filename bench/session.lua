-- wrk script: each request carries the session cookie of a random generated member.
-- SESSIONS (file of "cookie csrf" lines) and BENCH_PATH come from the environment; with
-- BENCH_BODY set, requests are form POSTs (e.g. quiz submissions) carrying the member's
-- CSRF token before that body; with BENCH_UNIQUE=1 each body also gets a text of its own
-- (posting the same reply twice saves it once).
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local cookie, token = line:match("^(%S+) (%S+)$")
  if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
end
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
if body == "" then body = nil end
local unique = os.getenv("BENCH_UNIQUE") == "1"
local sent = 0
local thread_no = 0
function setup(thread)
  thread_no = thread_no + 1
  thread:set("no", thread_no)
end
function init()
  math.randomseed(os.time() * 100 + (no or 0))
end

request = function()
  local s = sessions[math.random(#sessions)]
  local headers = { ["Cookie"] = "altto_session=" .. s.cookie, ["Accept-Encoding"] = "gzip" }
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local text = body
    if unique then
      sent = sent + 1
      text = text .. "+" .. (no or 0) .. "-" .. sent .. "-" .. math.random(1, 1000000000)
    end
    return wrk.format("POST", path, headers, "_csrf=" .. s.token .. "&" .. text)
  end
  return wrk.format("GET", path, headers)
end

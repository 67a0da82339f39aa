-- wrk script: each request carries the session cookie of a random generated member.
-- SESSIONS (file of "cookie csrf" lines) and BENCH_PATH come from the environment; with
-- BENCH_BODY set, requests are form POSTs (e.g. quiz submissions) carrying the member's
-- CSRF token before that body.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local cookie, token = line:match("^(%S+) (%S+)$")
  if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
end
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
if body == "" then body = nil end
math.randomseed(os.time())

request = function()
  local s = sessions[math.random(#sessions)]
  local headers = { ["Cookie"] = "altto_session=" .. s.cookie, ["Accept-Encoding"] = "gzip" }
  if body then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, "_csrf=" .. s.token .. "&" .. body)
  end
  return wrk.format("GET", path, headers)
end

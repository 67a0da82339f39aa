-- wrk script: each request carries the session cookie of a random generated member.
-- SESSIONS (file of "cookie csrf" lines) and the request path come from the environment.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local cookie, token = line:match("^(%S+) (%S+)$")
  if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
end
local path = os.getenv("BENCH_PATH")
math.randomseed(os.time())

request = function()
  local s = sessions[math.random(#sessions)]
  return wrk.format("GET", path, {
    ["Cookie"] = "altto_session=" .. s.cookie,
    ["Accept-Encoding"] = "gzip",
  })
end

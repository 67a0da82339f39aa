-- wrk script: quiz submissions (a write) by random generated members, with their CSRF
-- tokens. BENCH_PATH is the quiz's address, BENCH_BODY the answers without the token.
local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local cookie, token = line:match("^(%S+) (%S+)$")
  if cookie then table.insert(sessions, { cookie = cookie, token = token }) end
end
local path = os.getenv("BENCH_PATH")
local body = os.getenv("BENCH_BODY")
math.randomseed(os.time())

request = function()
  local s = sessions[math.random(#sessions)]
  return wrk.format("POST", path, {
    ["Cookie"] = "altto_session=" .. s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept-Encoding"] = "gzip",
  }, "_csrf=" .. s.token .. "&" .. body)
end

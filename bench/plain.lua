-- wrk script: anonymous GETs that accept gzip, like a browser without a session.
request = function()
  return wrk.format("GET", nil, { ["Accept-Encoding"] = "gzip" })
end

-- POST /refresh-token with rotation: a pool of refresh tokens (one per session, from BENCH_TOKENS_FILE);
-- each response returns the rotated token to the pool, so no token is ever presented twice.
local pool = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function init(args)
  for line in io.lines(os.getenv("BENCH_TOKENS_FILE")) do
    if #line > 0 then table.insert(pool, line) end
  end
end

function request()
  local token = table.remove(pool)
  if token == nil then
    return wrk.format("GET", "/health")
  end
  return wrk.format("POST", "/api/v1/auth/refresh-token", nil, '{"refreshToken":"' .. token .. '"}')
end

function response(status, headers, body)
  local token = string.match(body, '"refreshToken":"([^"]+)"')
  if token then table.insert(pool, token) end
end

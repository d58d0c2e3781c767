-- POST /login with the benchmark user's credentials.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"' .. os.getenv("BENCH_EMAIL") .. '","password":"' .. os.getenv("BENCH_PASSWORD") .. '"}'

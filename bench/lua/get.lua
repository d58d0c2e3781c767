-- GET with the bearer token of BENCH_TOKEN.
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

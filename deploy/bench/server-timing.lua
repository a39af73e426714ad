-- wrk script: collects the gateway's own time per response from its Server-Timing header
-- (`gateway;dur=<ms>`), and prints its p50/p99 in microseconds when the run ends.
-- With TOKENS_FILE set (one access token per line), each request carries the next token in
-- turn, so many tenants share the run (deploy/bench/limiter-cost.sh).
samples = {}
local threads = {}
local tokens = {}
local next_token = 0

local tokens_file = os.getenv("TOKENS_FILE")
if tokens_file then
    for line in io.lines(tokens_file) do
        if #line > 0 then table.insert(tokens, line) end
    end
    function request()
        next_token = next_token % #tokens + 1
        return wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. tokens[next_token] })
    end
end

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    samples = {}
end

function response(status, headers, body)
    local timing = headers["Server-Timing"] or headers["server-timing"]
    if timing then
        local dur = string.match(timing, "gateway;dur=([%d%.]+)")
        if dur then table.insert(samples, tonumber(dur) * 1000) end
    end
end

function done(summary, latency, requests)
    -- Each thread's samples live in its own Lua state; wrk copies them back with get().
    local all = {}
    for _, thread in ipairs(threads) do
        for _, value in ipairs(thread:get("samples") or {}) do table.insert(all, value) end
    end
    samples = all
    table.sort(samples)
    local n = #samples
    if n == 0 then
        io.write("server-timing: no samples\n")
        return
    end
    local function pct(p) return samples[math.max(1, math.floor(n * p + 0.5))] end
    io.write(string.format("server-timing gateway_us p50=%.1f p99=%.1f n=%d\n", pct(0.50), pct(0.99), n))
end

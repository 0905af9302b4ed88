-- wrk script: POST realistic notices to /api/v1/submissions/{form} and count the answers by status.
--
-- usage: wrk ... -s submit.lua URL -- MANIFEST [key|nokey]
--   MANIFEST: lines "<form>\t<file>" naming the JSON bodies to send, in turn.
--   key:   every request carries a unique Idempotency-Key (costs an index insert per notice);
--   nokey: no Idempotency-Key (the requests are built once and reused).
-- done() prints "created <n>" (201s) and the number of other answers, which the driving script parses.

local bodies = {}
local use_key = false
local prebuilt = {}
local next_index = 0
local sequence = 0
thread_tag = "t"  -- set per thread by setup()
created = 0
other = 0

local threads = {}
local thread_count = 0

function setup(thread)
    thread_count = thread_count + 1
    thread:set("thread_tag", string.format("bench-%d-%d", os.time(), thread_count))
    table.insert(threads, thread)
end

local function read_file(path)
    local f = assert(io.open(path, "rb"))
    local data = f:read("*a")
    f:close()
    return data
end

function init(args)
    local manifest = args[1]
    use_key = args[2] == "key"
    for line in io.lines(manifest) do
        local form, path = line:match("^([^\t]+)\t(.+)$")
        if form then
            table.insert(bodies, {path = "/api/v1/submissions/" .. form, body = read_file(path)})
        end
    end
    assert(#bodies > 0, "no bodies in " .. manifest)
    for i, b in ipairs(bodies) do
        prebuilt[i] = wrk.format("POST", b.path, {["Content-Type"] = "application/json"}, b.body)
    end
    next_index = math.random(#bodies) - 1
end

function request()
    next_index = next_index % #bodies + 1
    if not use_key then
        return prebuilt[next_index]
    end
    sequence = sequence + 1
    local b = bodies[next_index]
    return wrk.format("POST", b.path, {
        ["Content-Type"] = "application/json",
        ["Idempotency-Key"] = thread_tag .. "-" .. sequence,
    }, b.body)
end

function response(status, headers, body)
    if status == 201 then
        created = created + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local total_created, total_other = 0, 0
    for _, t in ipairs(threads) do
        total_created = total_created + t:get("created")
        total_other = total_other + t:get("other")
    end
    io.write(string.format("created %d\n", total_created))
    io.write(string.format("other %d\n", total_other))
    io.write(string.format("duration_us %d\n", summary.duration))
    io.write(string.format("errors connect=%d read=%d write=%d timeout=%d status=%d\n", summary.errors.connect,
        summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
    for _, p in ipairs({50, 90, 99, 99.9}) do
        io.write(string.format("latency_p%s_ms %.2f\n", tostring(p), latency:percentile(p) / 1000))
    end
end

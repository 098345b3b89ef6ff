-- Dispatch script of the Java Redis broker, written from the behaviour described in
-- DRAMATIQ-PROTOCOL.md section 4 (Python Dramatiq's dramatiq/brokers/redis/dispatch.lua
-- does the same with other text). Every broker operation is one atomic run of it.
--
-- KEYS[1] = namespace
-- ARGV    = command, timestamp (epoch ms), queue name (Q or Q.DQ), broker id,
--           heartbeat timeout (ms), dead message TTL (ms), do maintenance ("1"/"0"),
--           max unpack size, then the command's own arguments.
--
-- Keys: ns:Q (list of ids), ns:Q.msgs (hash id -> payload), ns:Q.DQ and ns:Q.DQ.msgs,
-- ns:Q.XQ (zset id -> dead-letter time) and ns:Q.XQ.msgs, ns:__acks__.<broker id>.<queue>
-- (set of fetched ids), ns:__heartbeats__ (zset broker id -> last command time).
--
-- Beyond the keys, a push onto an empty list publishes the queue name on the channel
-- ns:__wakeup__ so that idle Java consumers fetch at once instead of waiting for their
-- next poll. Channels are not keys: Python clients see nothing of it.

local namespace = KEYS[1]
local command = ARGV[1]
local timestamp = ARGV[2]
local queue_name = ARGV[3]
local worker_id = ARGV[4]
local heartbeat_timeout = tonumber(ARGV[5])
local dead_message_ttl = tonumber(ARGV[6])
local do_maintenance = ARGV[7]
local max_unpack_size = tonumber(ARGV[8])
local now = tonumber(timestamp)

local prefix = namespace .. ":"
local heartbeats_key = prefix .. "__heartbeats__"
local acks_prefix = prefix .. "__acks__."

-- only ".DQ" is stripped here: the dead letters of Q.DQ go to Q.XQ
local canonical = queue_name
if string.sub(queue_name, -3) == ".DQ" then
  canonical = string.sub(queue_name, 1, -4)
end
local queue_key = prefix .. queue_name
local messages_key = queue_key .. ".msgs"
local acks_key = acks_prefix .. worker_id .. "." .. queue_name
local dead_key = prefix .. canonical .. ".XQ"
local dead_messages_key = dead_key .. ".msgs"
local wakeup_channel = prefix .. "__wakeup__"

-- Push ids to the tail of the queue, waking idle consumers when it was empty.
local function push(ids)
  if #ids == 0 then
    return
  end
  local length = 0
  for i = 1, #ids do
    length = redis.call("RPUSH", queue_key, ids[i])
  end
  if length == #ids then
    redis.call("PUBLISH", wakeup_channel, queue_name)
  end
end

-- Escape glob characters so that KEYS matches the broker id literally.
local function glob_escape(text)
  return (string.gsub(text, "([%*%?%[%]\\])", "\\%1"))
end

local function recover_dead_workers()
  local dead_workers = redis.call("ZRANGEBYSCORE", heartbeats_key, 0, now - heartbeat_timeout)
  for _, dead_id in ipairs(dead_workers) do
    local dead_acks_key = acks_prefix .. dead_id .. "." .. queue_name
    local recovered = {}
    for _, message_id in ipairs(redis.call("SMEMBERS", dead_acks_key)) do
      if redis.call("HEXISTS", messages_key, message_id) == 1 then
        recovered[#recovered + 1] = message_id
      end
    end
    push(recovered)
    redis.call("DEL", dead_acks_key)
    local remaining = redis.call("KEYS", glob_escape(acks_prefix .. dead_id) .. "*")
    if #remaining == 0 then
      redis.call("ZREM", heartbeats_key, dead_id)
    end
  end
end

local function expire_dead_letters()
  local max_score = now - dead_message_ttl
  while true do
    local expired = redis.call("ZRANGEBYSCORE", dead_key, 0, max_score, "LIMIT", 0, max_unpack_size)
    if #expired == 0 then
      break
    end
    redis.call("ZREM", dead_key, unpack(expired))
    redis.call("HDEL", dead_messages_key, unpack(expired))
    if #expired < max_unpack_size then
      break
    end
  end
end

-- Common prologue: every command, a producer's enqueue included, is a heartbeat.
redis.call("ZADD", heartbeats_key, timestamp, worker_id)
if do_maintenance == "1" then
  recover_dead_workers()
  expire_dead_letters()
end

if command == "enqueue" then
  redis.call("HSET", messages_key, ARGV[9], ARGV[10])
  push({ ARGV[9] })
  return nil

elseif command == "fetch" then
  -- returns id, payload, id, payload, ...; a payload is nil when its hash field is gone
  local count = math.min(tonumber(ARGV[9]), max_unpack_size)
  if count <= 0 then
    return {}
  end
  local ids = redis.call("LRANGE", queue_key, 0, count - 1)
  if #ids == 0 then
    return {}
  end
  redis.call("LTRIM", queue_key, #ids, -1)
  redis.call("SADD", acks_key, unpack(ids))
  local payloads = redis.call("HMGET", messages_key, unpack(ids))
  local result = {}
  for i = 1, #ids do
    result[2 * i - 1] = ids[i]
    result[2 * i] = payloads[i]
  end
  return result

elseif command == "requeue" then
  local requeued = {}
  for i = 9, #ARGV do
    local message_id = ARGV[i]
    if redis.call("SREM", acks_key, message_id) == 1
        and redis.call("HEXISTS", messages_key, message_id) == 1 then
      requeued[#requeued + 1] = message_id
    end
  end
  push(requeued)
  return nil

elseif command == "ack" then
  if redis.call("SREM", acks_key, ARGV[9]) == 1 then
    redis.call("HDEL", messages_key, ARGV[9])
  end
  return nil

elseif command == "nack" then
  local message_id = ARGV[9]
  if redis.call("SREM", acks_key, message_id) == 1 then
    local payload = redis.call("HGET", messages_key, message_id)
    if payload then
      -- a Java worker may keep a changed payload (the reason in its traceback);
      -- Python's callers pass none
      payload = ARGV[10] or payload
      redis.call("ZADD", dead_key, timestamp, message_id)
      redis.call("HSET", dead_messages_key, message_id, payload)
      redis.call("HDEL", messages_key, message_id)
    end
  end
  return nil

elseif command == "purge" then
  redis.call("DEL", queue_key, acks_key, messages_key, dead_key, dead_messages_key)
  return nil

elseif command == "qsize" then
  local delay_name = canonical .. ".DQ"
  return redis.call("HLEN", prefix .. delay_name .. ".msgs")
    + redis.call("SCARD", acks_prefix .. worker_id .. "." .. delay_name)
    + redis.call("HLEN", prefix .. canonical .. ".msgs")
    + redis.call("SCARD", acks_prefix .. worker_id .. "." .. canonical)
end

return redis.error_reply("Unknown dispatch command '" .. tostring(command) .. "'.")

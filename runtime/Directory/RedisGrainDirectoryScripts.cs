namespace Orleans.DynamicDb.Runtime.GrainDirectory;

/// <summary>
/// The Lua scripts of <see cref="RedisGrainDirectory"/>. A grain's entry is a string key holding
/// "{silo}|{activationId}"; each silo has a set of the grain ids it holds entries for. Each script runs atomically.
/// </summary>
internal static class RedisGrainDirectoryScripts
{
    /// <summary>
    /// KEYS: grain key, new silo's set. ARGV: new entry, grain id, 'if-absent' or 'replace', previous entry,
    /// silo set key prefix. Returns the grain's entry after the call.
    /// </summary>
    public const string Register = """
        local current = redis.call('GET', KEYS[1])
        if current then
          if current == ARGV[1] then return current end
          if ARGV[3] ~= 'replace' or current ~= ARGV[4] then return current end
          local bar = string.find(current, '|', 1, true)
          redis.call('SREM', ARGV[5] .. string.sub(current, 1, bar - 1), ARGV[2])
        end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[2])
        return ARGV[1]
        """;

    /// <summary>KEYS: grain key, its silo's set. ARGV: entry, grain id. Removes the entry if it is exactly this one; returns 1 when removed.</summary>
    public const string Unregister = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: a silo's set. ARGV: grain key prefix, silo, batch size. Pops up to a batch of the silo's grains and deletes
    /// each one's entry if it is still on that silo. Returns { popped, deleted }; call again until popped is 0.
    /// </summary>
    public const string UnregisterSiloBatch = """
        local grains = redis.call('SPOP', KEYS[1], tonumber(ARGV[3]))
        local owner = ARGV[2] .. '|'
        local deleted = 0
        for _, grain in ipairs(grains) do
          local key = ARGV[1] .. grain
          local value = redis.call('GET', key)
          if value and string.sub(value, 1, #owner) == owner then
            redis.call('DEL', key)
            deleted = deleted + 1
          end
        end
        return { #grains, deleted }
        """;
}

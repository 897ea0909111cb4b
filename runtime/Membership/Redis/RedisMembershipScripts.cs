namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The Lua scripts of <see cref="RedisMembershipTable"/>. Each runs atomically on the server, against the cluster's
/// hash (KEYS[1]) with the fields <c>version</c>, <c>version-etag</c> and, per silo, <c>row:{silo}</c> (JSON),
/// <c>alive:{silo}</c> (heartbeat, UTC ticks) and <c>etag:{silo}</c>.
/// </summary>
internal static class RedisMembershipScripts
{
    /// <summary>Creates version 0 unless a version exists. ARGV: version etag. Returns 1 when created.</summary>
    public const string Initialize = """
        if redis.call('HEXISTS', KEYS[1], 'version') == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'version', '0', 'version-etag', ARGV[1])
        return 1
        """;

    /// <summary>
    /// The compare-and-swap behind InsertRow and UpdateRow. ARGV: silo, row JSON, heartbeat ticks, new row etag,
    /// read version, read version etag, new version, new version etag, 'insert' or 'update', expected row etag.
    /// Returns 1 when written, 0 when the version or the row changed (or, for an insert, the row exists).
    /// </summary>
    public const string Write = """
        local h = KEYS[1]
        if redis.call('HGET', h, 'version') ~= ARGV[5] or redis.call('HGET', h, 'version-etag') ~= ARGV[6] then return 0 end
        local etag = redis.call('HGET', h, 'etag:' .. ARGV[1])
        if ARGV[9] == 'insert' then
          if etag then return 0 end
        elseif etag ~= ARGV[10] then
          return 0
        end
        redis.call('HSET', h, 'row:' .. ARGV[1], ARGV[2], 'alive:' .. ARGV[1], ARGV[3], 'etag:' .. ARGV[1], ARGV[4],
          'version', ARGV[7], 'version-etag', ARGV[8])
        return 1
        """;

    /// <summary>Writes a heartbeat if the silo has a row. ARGV: silo, heartbeat ticks. Returns 1 when written.</summary>
    public const string IAmAlive = """
        if redis.call('HEXISTS', KEYS[1], 'etag:' .. ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'alive:' .. ARGV[1], ARGV[2])
        return 1
        """;

    /// <summary>Deletes a row if neither it nor its heartbeat changed. ARGV: silo, row etag, heartbeat ticks. Returns 1 when deleted.</summary>
    public const string DeleteIfUnchanged = """
        local h = KEYS[1]
        if redis.call('HGET', h, 'etag:' .. ARGV[1]) ~= ARGV[2] or redis.call('HGET', h, 'alive:' .. ARGV[1]) ~= ARGV[3] then return 0 end
        redis.call('HDEL', h, 'row:' .. ARGV[1], 'alive:' .. ARGV[1], 'etag:' .. ARGV[1])
        return 1
        """;
}

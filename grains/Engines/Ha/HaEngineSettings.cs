namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>How a <c>postgres-ha</c> engine entry maps to its replication group.</summary>
public static class HaEngineSettings
{
    /// <summary>The group settings an engine entry stands for: the group is named after the engine, members live in its data directory.</summary>
    public static ReplicationGroupOptions GroupOptions(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReplicationGroupOptions
        {
            Name = options.Id,
            Replicas = options.Replicas,
            BinDirectory = options.BinDirectory,
            DataDirectory = string.IsNullOrWhiteSpace(options.DataDirectory) ? "" : Path.GetFullPath(options.DataDirectory),
            PortRangeStart = options.PortRangeStart,
            PortRangeEnd = options.PortRangeEnd,
            StartTimeout = options.StartTimeout,
            MemberWeights = new Dictionary<string, double>(options.MemberWeights ?? [], StringComparer.OrdinalIgnoreCase),
            DefaultWeight = options.Health.Weight,
        };
    }
}

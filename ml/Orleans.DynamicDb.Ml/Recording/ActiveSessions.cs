using System.Collections.Concurrent;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>The sessions the workloads run now, by the name they gave the silo, with the workload and its declared tier.</summary>
public sealed class ActiveSessions
{
    private readonly ConcurrentDictionary<string, ActiveSession> _sessions = new(StringComparer.Ordinal);

    public void Add(ActiveSession session) => _sessions[session.Name] = session;

    public void Remove(string name) => _sessions.TryRemove(name, out _);

    public ActiveSession? Find(string? name) => name is not null && _sessions.TryGetValue(name, out var s) ? s : null;
}

/// <summary>A running session: its name (application_name or X-Session-Id), its workload and the tier the workload declares.</summary>
public sealed record ActiveSession(string Name, string Workload, Tier Declared);

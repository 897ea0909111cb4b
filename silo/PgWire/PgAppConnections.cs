using System.Collections.Concurrent;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The open, authenticated connections of each app on this silo, for <c>DynamicDb:PgWire:MaxConnectionsPerApp</c>.</summary>
internal sealed class PgAppConnections
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more connection of <paramref name="app"/>; false (and not counted) when it would exceed <paramref name="max"/> (0: no limit).</summary>
    public bool TryAdd(string app, int max)
    {
        var open = _open.AddOrUpdate(app, 1, static (_, n) => n + 1);
        if (max > 0 && open > max)
        {
            Remove(app);
            return false;
        }

        return true;
    }

    /// <summary>Counts one connection of <paramref name="app"/> less.</summary>
    public void Remove(string app)
    {
        if (_open.AddOrUpdate(app, 0, static (_, n) => n - 1) <= 0)
        {
            _open.TryRemove(new KeyValuePair<string, int>(app, 0));
        }
    }

    /// <summary>The open connections of <paramref name="app"/> now.</summary>
    public int Open(string app) => _open.GetValueOrDefault(app);
}

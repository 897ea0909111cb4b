using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Ha.Reads;

/// <summary>
/// One open database's connections to the group's standbys, one pool per member (tenant credentials, as the primary's),
/// opened at the first read routed there and closed with the database.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class StandbyConnections(HaPostgresEngine engine, DatabaseName name)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IDatabaseConnection>>> _open = new(StringComparer.Ordinal);

    /// <summary>The database on <paramref name="member"/>; a failed open is forgotten so the next read tries again.</summary>
    public async Task<IDatabaseConnection> GetAsync(string member, CancellationToken cancellationToken)
    {
        var opening = _open.GetOrAdd(member, m => new Lazy<Task<IDatabaseConnection>>(() => OpenAsync(m)));
        try
        {
            return await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (opening.Value.IsFaulted)
        {
            _open.TryRemove(new KeyValuePair<string, Lazy<Task<IDatabaseConnection>>>(member, opening));
            throw;
        }
    }

    /// <summary>Closes every standby pool of the database.</summary>
    public async Task CloseAsync()
    {
        foreach (var opening in _open.Values)
        {
            if (opening.IsValueCreated && opening.Value.IsCompletedSuccessfully)
            {
                await opening.Value.Result.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        _open.Clear();
    }

    private async Task<IDatabaseConnection> OpenAsync(string member)
    {
        var route = await engine.RouteAsync(CancellationToken.None).ConfigureAwait(false);
        return await route.Engine.OpenOnStandbyAsync(name, engine.Group.ConnectionString(member), CancellationToken.None).ConfigureAwait(false);
    }
}

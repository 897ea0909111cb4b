using System.Runtime.Versioning;
using Npgsql;
using Orleans.DynamicDb.Engines.Health;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// A <c>postgres-ha</c> engine's probe: <c>SELECT 1</c> on a fresh (unpooled) connection to the primary statements are
/// routed to now, within the probe timeout. It fails while a promotion is under way or the primary is hung or gone.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HaPrimaryProbe(HaPostgresEngine engine, TimeSpan timeout) : IEngineProbe
{
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 1024);
        var connectionString = new NpgsqlConnectionStringBuilder(await engine.PrimaryConnectionStringAsync(cancellationToken).ConfigureAwait(false))
        {
            Pooling = false,
            Timeout = seconds,
            CommandTimeout = seconds,
            ApplicationName = "dyndb-health",
        }.ConnectionString;
        await new PostgresProbe(connectionString, timeout).ProbeAsync(cancellationToken).ConfigureAwait(false);
    }
}

using Npgsql;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The Low and Background tiers on server processes of lowered CPU priority (<see cref="EngineOptions.LowTierNice"/>):
/// their autocommit <c>ExecAsync</c>, <c>QueryAsync</c> and <c>OpenCursorAsync</c> (read-only ones too) run on the
/// <see cref="LowTierPool"/>, whose new server processes are reniced as they connect, so that on a busy machine the
/// operating system gives High and Medium statements the CPU first. Transactions, writes tracked for a failover and
/// everything of the other tiers keep the dedicated pool; so do these tiers once the engine found it may not renice.
/// </summary>
internal sealed partial class PostgresDatabaseConnection
{
    /// <summary>The pool an autocommit <paramref name="statement"/> runs on when not on the shared pool.</summary>
    private NpgsqlDataSource SourceFor(Statement statement) => lowTier?.For(statement.Tier) ?? dataSource;
}

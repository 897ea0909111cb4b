using Npgsql;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// The third pool of an open database (<see cref="EngineOptions.LowTierNice"/>): the tenant login of the dedicated pool,
/// an <c>application_name</c> ending in <see cref="PostgresConnectionStrings.LowPrioritySuffix"/>, and every new server
/// process reniced by <see cref="LowTierPriority"/>. Created at the first Low or Background statement; disposed with
/// the database's connection. Server processes are never reniced back (that needs <c>CAP_SYS_NICE</c>), so only this
/// pool's connections carry the lowered priority.
/// </summary>
internal sealed class LowTierPool(string connectionString, LowTierPriority priority) : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() => Create(connectionString, priority), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The pool <paramref name="tier"/> runs on: this one for Low and Background while the priority is enabled, else null.</summary>
    public NpgsqlDataSource? For(Tier tier) => tier is Tier.Low or Tier.Background && priority.Enabled ? _dataSource.Value : null;

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static NpgsqlDataSource Create(string connectionString, LowTierPriority priority)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UsePhysicalConnectionInitializer(priority.Lower, connection =>
        {
            priority.Lower(connection);
            return Task.CompletedTask;
        });
        return builder.Build();
    }
}

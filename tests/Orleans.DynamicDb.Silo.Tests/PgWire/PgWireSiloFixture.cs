using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Silo.PgWire;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.PgWire;

/// <summary>
/// One silo per test class with the embedded <c>sqlite</c> default engine and a registered <c>postgres</c> engine "pg"
/// (when the class gives its connection string), its wire frontend on a free loopback port, and the gateway test keys
/// (apps alpha and beta with their keys, gamma configured only by hash).
/// </summary>
public sealed class PgWireSiloFixture : IAsyncLifetime
{
    /// <summary>Silo arguments for a default <c>sqlite</c> engine and a registered <c>postgres</c> engine "pg" on <paramref name="postgres"/>'s server.</summary>
    public static string[] SqliteAndPostgres(PostgresFixture postgres) =>
    [
        "--DynamicDb:Engines:0:Id", "sqlite",
        "--DynamicDb:Engines:0:Kind", "sqlite",
        "--DynamicDb:Engines:0:Default", "true",
        "--DynamicDb:Engines:1:Id", "pg",
        "--DynamicDb:Engines:1:Kind", "postgres",
        "--DynamicDb:Engines:1:ConnectionString", postgres.Server.ConnectionString,
    ];

    private readonly SemaphoreSlim _lock = new(1, 1);
    private GatewaySilo? _silo;

    /// <summary>Starts the silo on first use; <paramref name="arguments"/> are the engine and limit settings.</summary>
    internal async Task<PgWireSilo> GetAsync(Func<IEnumerable<string>> arguments)
    {
        await _lock.WaitAsync();
        try
        {
            _silo ??= await GatewaySilo.StartAsync(arguments());
            return new PgWireSilo(_silo);
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _lock.Dispose();
    }
}

/// <summary>A started silo seen from a wire client: its port and connection strings.</summary>
internal sealed class PgWireSilo(GatewaySilo silo)
{
    public GatewaySilo Silo { get; } = silo;

    /// <summary>The port the wire frontend listens on.</summary>
    public int Port => Silo.Services.GetRequiredService<PgWireListener>().LocalEndpoint!.Port;

    public IGrainFactory Grains => Silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>An Npgsql connection string (no type loading: the frontend does not answer pg_type queries on SQLite).</summary>
    public string ConnectionString(string app, string key, string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username={app};Password={key};Server Compatibility Mode=NoTypeLoading;Pooling=false;Timeout=30;Command Timeout=60";

    /// <summary>A libpq connection string for psql.</summary>
    public string Libpq(string app, string database) => $"host=127.0.0.1 port={Port} dbname={database} user={app} sslmode=disable connect_timeout=20";
}

using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>One started <c>postgres-ha</c> engine (a primary and two synchronous standbys) shared by the tests of a class.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class HaMoveFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public HaPostgresEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new EngineOptions
        {
            Id = "pg-ha",
            Kind = EngineKinds.PostgresHa,
            DataDirectory = Path.Combine(_data.Path, "group"),
            BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory,
            PortRangeStart = 36000,
            PortRangeEnd = 36999,
        };
        Engine = new HaPostgresEngine(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await Engine.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        _data.Dispose();
    }
}

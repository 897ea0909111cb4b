using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Infrastructure;

/// <summary>
/// One data directory shared by the managed-engine tests of a class, so the template cluster is prepared once and
/// every later engine copies it. Fails with a clear message when the PostgreSQL binaries are missing.
/// </summary>
public sealed class ManagedPostgresFixture : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _keys = new();

    public ManagedPostgresFixture()
    {
        BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found at '{BinDirectory}' (no initdb). Install them with 'apt-get install postgresql-15' or run the README's test command, which installs them.");
        }
    }

    public string DataDirectory => _data.Path;

    public string BinDirectory { get; }

    /// <summary>
    /// The Data Protection key ring of the silos that share <see cref="DataDirectory"/> (setting
    /// <c>DynamicDb:KeyRingDirectory</c>): the instances' password files are encrypted with it, so each test's silo, whose
    /// own data directory is new, must read the same ring.
    /// </summary>
    public string KeyRingDirectory => _keys.Path;

    public EngineOptions Options(string id = "managed") => new()
    {
        Id = id,
        Kind = EngineKinds.ManagedPostgres,
        DataDirectory = DataDirectory,
        BinDirectory = BinDirectory,
        PortRangeStart = 20000,
        PortRangeEnd = 29999,
        MaxInstances = 50,
    };

    public void Dispose()
    {
        _data.Dispose();
        _keys.Dispose();
    }
}

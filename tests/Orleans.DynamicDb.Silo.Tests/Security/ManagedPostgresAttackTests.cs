using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Security;

/// <summary>
/// The attacks on managed PostgreSQL, where the silo runs one PostgreSQL instance per database (real binaries; the
/// test fails with a clear message when they are missing): the instance's superuser stays the engine's, so the tenant
/// can neither run programs nor touch files as the instance's OS user.
/// </summary>
public sealed class ManagedPostgresAttackTests(GatewaySiloFixture fixture) : PostgresAttackContract(fixture)
{
    private static readonly string BinDirectory = Environment.GetEnvironmentVariable("DYNAMICDB_PG_BIN") ?? PostgresServer.DefaultBinDirectory;

    protected override IEnumerable<string> EngineArguments
    {
        get
        {
            if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
            {
                throw new InvalidOperationException(
                    $"PostgreSQL binaries not found at '{BinDirectory}' (no initdb). Install them with 'apt-get install postgresql-15' or run the README's test command, which installs them.");
            }

            return
            [
                "--DynamicDb:Engines:0:Id", "managed",
                "--DynamicDb:Engines:0:Kind", "postgres-managed",
                "--DynamicDb:Engines:0:DataDirectory", "managed",
                "--DynamicDb:Engines:0:BinDirectory", BinDirectory,
                "--DynamicDb:Engines:0:PortRangeStart", "33000",
                "--DynamicDb:Engines:0:PortRangeEnd", "33999",
            ];
        }
    }
}

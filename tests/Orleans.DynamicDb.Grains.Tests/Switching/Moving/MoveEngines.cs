using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>Real engines for the mover's tests.</summary>
internal static class MoveEngines
{
    public static IDatabaseEngine Sqlite(string id, TempDirectory data, ILoggerFactory loggers) =>
        new SqliteEngine(new EngineOptions { Id = id, Kind = EngineKinds.Sqlite, DataDirectory = data.Path }, loggers.CreateLogger<SqliteEngine>());

    public static IDatabaseEngine Postgres(string id, PostgresFixture postgres, ILoggerFactory loggers) =>
        new PostgresEngine(new EngineOptions { Id = id, Kind = EngineKinds.Postgres, ConnectionString = postgres.Server.ConnectionString }, loggers.CreateLogger<PostgresEngine>());
}

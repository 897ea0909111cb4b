using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Orleans.DynamicDb.Switching.Moving;
using Orleans.DynamicDb.TestInfrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>
/// Copies a database of a few megabytes between SQLite and PostgreSQL both ways and prints the copy speed (no timing
/// assertion: the copy must validate). <c>DYNDB_MOVE_MB=50</c> copies about 50 MB instead of 4.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MoveThroughputTests(PostgresFixture postgres, ITestOutputHelper output) : IDisposable
{
    private const int RowBytes = 360;

    private readonly TempDirectory _data = new();
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(_ => { });

    private static int Megabytes => int.TryParse(Environment.GetEnvironmentVariable("DYNDB_MOVE_MB"), out var mb) && mb > 0 ? mb : 4;

    public void Dispose()
    {
        _loggers.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task A_database_of_several_megabytes_copies_to_postgresql_and_back_and_validates()
    {
        var rows = Megabytes * 1024L * 1024 / RowBytes;
        var mover = new DatabaseMover(_loggers.CreateLogger<DatabaseMover>());
        await using var sqlite = MoveEngines.Sqlite("sqlite", _data, _loggers);
        await using var pg = MoveEngines.Postgres("pg", postgres, _loggers);
        var there = DatabaseName.Create("speed", "there_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var source = await sqlite.OpenAsync(there))
        {
            await source.ExecAsync(new Statement("CREATE TABLE facts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, price REAL, data BLOB)"));
            await source.ExecAsync(Statement.Of(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) " +
                "INSERT INTO facts SELECT i, printf('%.100c', 'x') || i, i * 7, i / 3.0, randomblob(200) FROM n", rows));
        }

        await MeasureAsync(mover, sqlite, pg, there, "sqlite -> postgres");

        var back = DatabaseName.Create("speed", "back_" + Guid.NewGuid().ToString("N")[..12]);
        await using (var source = await pg.OpenAsync(back))
        {
            await source.ExecAsync(new Statement("CREATE TABLE facts (id bigint PRIMARY KEY, name text NOT NULL, qty bigint, price double precision, data bytea)"));
            await source.ExecAsync(Statement.Of(
                "INSERT INTO facts SELECT i, repeat('x', 100) || i, i * 7, i / 3.0, decode(repeat(md5(i::text), 12), 'hex') || decode(repeat(md5((-i)::text), 1), 'hex') FROM generate_series(1, ?) AS i",
                rows));
        }

        await MeasureAsync(mover, pg, sqlite, back, "postgres -> sqlite");
    }

    private async Task MeasureAsync(DatabaseMover mover, IDatabaseEngine source, IDatabaseEngine target, DatabaseName name, string what)
    {
        await using var sourceDb = await source.OpenAsync(name);
        await using var targetDb = await target.OpenAsync(name);
        var plan = await mover.PlanAsync(source, target, name, CancellationToken.None);
        await mover.StartCaptureAsync(plan, MoveSide.Source, CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var copy = await mover.CopyAsync(plan, CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var report = await mover.ValidateAsync(plan, null, null, CancellationToken.None);
        await mover.StopCaptureAsync(plan, CancellationToken.None);

        Assert.True(report.Passed, string.Join("; ", report.Mismatches));
        Assert.Equal(Megabytes * 1024L * 1024 / RowBytes, copy.Rows);
        var mb = plan.SourceBytes / 1024.0 / 1024.0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {copy.Rows} rows, source {mb:F1} MB ({copy.Bytes / 1024.0 / 1024.0:F1} MB of values) copied in {seconds:F2} s = {mb / seconds:F1} MB/s"));
    }
}

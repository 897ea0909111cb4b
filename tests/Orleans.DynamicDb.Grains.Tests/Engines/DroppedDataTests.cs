using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class DroppedDataTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Dropped_folders_are_named_by_the_utc_time_of_the_drop_and_never_overwrite_each_other()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 8, 30, 5, 123, TimeSpan.Zero));
        await using var engine = new SqliteEngine(
            new EngineOptions { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = _data.Path }, NullLogger<SqliteEngine>.Instance, clock);
        var name = DatabaseName.Create("myapp", "users");

        await using (var connection = await engine.OpenAsync(name))
        {
            await connection.ExecAsync(new Statement("CREATE TABLE t (v INTEGER)"));
        }

        var first = await engine.DropAsync(name);
        await (await engine.OpenAsync(name)).DisposeAsync();
        var second = await engine.DropAsync(name);

        Assert.Equal(Path.Combine(_data.Path, ".dropped", "20261121083005123_myapp_users"), first);
        Assert.Equal(first + "_2", second);
        Assert.True(File.Exists(Path.Combine(first, SqliteEngine.FileName)));
        Assert.True(File.Exists(Path.Combine(second, SqliteEngine.FileName)));
    }
}

using Microsoft.Extensions.Logging;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

public sealed class SqliteToSqliteMoveTests(ITestOutputHelper output) : DatabaseMoverContract(output)
{
    private readonly TempDirectory _source = new();
    private readonly TempDirectory _target = new();

    protected override Task<IDatabaseEngine> CreateSourceAsync() => Task.FromResult(MoveEngines.Sqlite("sqlite-a", _source, Loggers));

    protected override Task<IDatabaseEngine> CreateTargetAsync() => Task.FromResult(MoveEngines.Sqlite("sqlite-b", _target, Loggers));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _source.Dispose();
        _target.Dispose();
    }
}

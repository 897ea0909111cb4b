using System.Runtime.Versioning;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.DynamicDb.Grains.Tests.Switching.Moving;

/// <summary>sqlite → postgres-ha: the target is the group's primary; what it takes is replicated synchronously.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SqliteToHaMoveTests(HaMoveFixture ha, ITestOutputHelper output) : DatabaseMoverContract(output), IClassFixture<HaMoveFixture>
{
    private readonly TempDirectory _source = new();

    protected override bool OwnsTarget => false;

    protected override Task<IDatabaseEngine> CreateSourceAsync() => Task.FromResult(MoveEngines.Sqlite("sqlite", _source, Loggers));

    protected override Task<IDatabaseEngine> CreateTargetAsync() => Task.FromResult<IDatabaseEngine>(ha.Engine);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _source.Dispose();
    }
}

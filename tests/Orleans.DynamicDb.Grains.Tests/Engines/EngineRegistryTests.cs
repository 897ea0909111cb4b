using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Postgres;
using Orleans.DynamicDb.Engines.Sqlite;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Grains.Tests.Infrastructure;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class EngineRegistryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Without_configuration_there_is_one_embedded_sqlite_engine()
    {
        await using var registry = EngineRegistry.Create([], NullLoggerFactory.Instance);

        var engine = Assert.Single(registry.Engines);
        Assert.IsType<SqliteEngine>(engine);
        Assert.Same(engine, registry.Default);
        Assert.Equal("sqlite", engine.Id);
    }

    [Fact]
    public async Task Engines_resolve_by_id_ignoring_case_and_the_marked_one_is_the_default()
    {
        await using var registry = EngineRegistry.Create(
        [
            new EngineOptions { Id = "local", Kind = EngineKinds.Sqlite, DataDirectory = Path.Combine(_data.Path, "local") },
            new EngineOptions { Id = "pg-main", Kind = EngineKinds.Postgres, ConnectionString = "Host=127.0.0.1;Username=postgres", Default = true },
        ], NullLoggerFactory.Instance);

        Assert.IsType<PostgresEngine>(registry.Get("PG-Main"));
        Assert.Same(registry.Get("pg-main"), registry.Default);
        Assert.Equal(["local", "pg-main"], registry.Engines.Select(e => e.Id));
        Assert.True(registry.TryGet("local", out var local));
        Assert.Equal(EngineKinds.Sqlite, local.Kind);
    }

    [Fact]
    public async Task An_unknown_id_names_the_id_and_the_known_ones()
    {
        await using var registry = EngineRegistry.Create(
            [new EngineOptions { Id = "local", Kind = EngineKinds.Sqlite, DataDirectory = _data.Path }], NullLoggerFactory.Instance);

        var error = Assert.Throws<DynamicDbException>(() => registry.Get("mongo"));

        Assert.Equal(ErrorCodes.EngineUnknown, error.ErrorCode);
        Assert.Equal("No engine 'mongo' is configured; the configured engines are: 'local'.", error.Message);
        Assert.False(registry.TryGet("mongo", out _));
    }

    [Fact]
    public void An_invalid_list_fails_with_every_problem_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => EngineRegistry.Create(
            [new EngineOptions { Id = "x", Kind = "mysql" }, new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres }], NullLoggerFactory.Instance));

        Assert.Contains(error.Failures, f => f.StartsWith("DynamicDb:Engines:0:Kind:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("DynamicDb:Engines:1:ConnectionString:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Engines_bind_from_the_DynamicDb_Engines_configuration_list()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "local",
            ["DynamicDb:Engines:0:Kind"] = "sqlite",
            ["DynamicDb:Engines:0:DataDirectory"] = _data.Path,
            ["DynamicDb:Engines:0:BusyTimeout"] = "00:00:02",
            ["DynamicDb:Engines:1:Id"] = "pg",
            ["DynamicDb:Engines:1:Kind"] = "postgres",
            ["DynamicDb:Engines:1:Default"] = "true",
            ["DynamicDb:Engines:1:ConnectionString"] = "Host=127.0.0.1;Username=postgres",
            ["DynamicDb:Engines:1:StatementTimeout"] = "00:00:05",
        }).Build();
        await using var services = new ServiceCollection().AddDynamicDbEngines(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<EngineRegistryOptions>>().Value;
        var registry = services.GetRequiredService<IEngineRegistry>();

        Assert.Equal(TimeSpan.FromSeconds(2), options.Engines[0].BusyTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Engines[1].StatementTimeout);
        Assert.Equal("pg", registry.Default.Id);
        Assert.Equal(2, registry.Engines.Count);
    }

    [Fact]
    public async Task A_bad_configured_setting_fails_options_validation_naming_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "local",
            ["DynamicDb:Engines:0:Kind"] = "sqlite-ish",
        }).Build();
        await using var services = new ServiceCollection().AddDynamicDbEngines(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EngineRegistryOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("DynamicDb:Engines:0:Kind: 'sqlite-ish'", StringComparison.Ordinal));
    }
}

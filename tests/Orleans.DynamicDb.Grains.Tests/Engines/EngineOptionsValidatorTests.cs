using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines;

public sealed class EngineOptionsValidatorTests
{
    private static EngineOptions Sqlite(string id = "sqlite", string? directory = null) =>
        new() { Id = id, Kind = EngineKinds.Sqlite, DataDirectory = directory ?? Path.Combine(Path.GetTempPath(), "dyndb-validate", id) };

    private static EngineOptions Managed(string id = "managed") =>
        new() { Id = id, Kind = EngineKinds.ManagedPostgres, DataDirectory = Path.Combine(Path.GetTempPath(), "dyndb-validate", id) };

    [Fact]
    public void A_valid_list_has_no_failures()
    {
        var engines = new[]
        {
            Sqlite(),
            new EngineOptions { Id = "pg-main", Kind = EngineKinds.Postgres, ConnectionString = "Host=127.0.0.1;Username=postgres", Default = true },
            Managed(),
        };

        Assert.Empty(EngineOptionsValidator.Validate(engines));
    }

    [Fact]
    public void An_unknown_kind_names_the_setting_and_the_known_kinds()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([new EngineOptions { Id = "x", Kind = "mongodb" }]));

        Assert.Equal("DynamicDb:Engines:0:Kind: 'mongodb' is not a known engine kind; use one of sqlite, postgres, postgres-managed, postgres-ha.", failure);
    }

    [Fact]
    public void Ids_are_required_well_formed_and_unique()
    {
        var failures = EngineOptionsValidator.Validate([Sqlite("a"), Sqlite("A", "/tmp/dyndb-validate/other"), Sqlite(" ", "/tmp/dyndb-validate/3"), Sqlite("bad id", "/tmp/dyndb-validate/4")]);

        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:1:Id: 'A' is invalid", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:1:Id: 'A' is already the id of DynamicDb:Engines:0", StringComparison.Ordinal));
        Assert.Contains("DynamicDb:Engines:2:Id: is required.", failures);
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:3:Id: 'bad id' is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_one_engine_may_be_the_default()
    {
        var a = Sqlite("a");
        var b = Sqlite("b");
        a.Default = b.Default = true;

        var failure = Assert.Single(EngineOptionsValidator.Validate([a, b]));

        Assert.Equal("DynamicDb:Engines: only one engine may be the default, but 'a', 'b' are.", failure);
    }

    [Fact]
    public void A_postgres_engine_needs_a_parsable_connection_string()
    {
        var missing = Assert.Single(EngineOptionsValidator.Validate([new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres }]));
        var broken = Assert.Single(EngineOptionsValidator.Validate([new EngineOptions { Id = "pg", Kind = EngineKinds.Postgres, ConnectionString = "Hots=x" }]));

        Assert.Equal("DynamicDb:Engines:0:ConnectionString: is required for kind 'postgres'.", missing);
        Assert.StartsWith("DynamicDb:Engines:0:ConnectionString: cannot be parsed:", broken);
    }

    [Fact]
    public void Sqlite_worker_settings_are_checked_and_named()
    {
        var engine = Sqlite();
        engine.WorkerThreads = 2;
        engine.MaxWorkersPerApp = 3;
        engine.MaxQueuedPerApp = 0;
        var tooMany = Sqlite("b", "/tmp/dyndb-validate/b");
        tooMany.WorkerThreads = 1000;

        var failures = EngineOptionsValidator.Validate([engine, tooMany]);

        Assert.Contains("DynamicDb:Engines:0:MaxWorkersPerApp: 3 is more than the 2 WorkerThreads.", failures);
        Assert.Contains("DynamicDb:Engines:0:MaxQueuedPerApp: must be at least 1, not 0.", failures);
        Assert.Contains("DynamicDb:Engines:1:WorkerThreads: must be between 0 (automatic) and 256, not 1000.", failures);
    }

    [Fact]
    public void Managed_settings_are_checked_and_named()
    {
        var engine = Managed();
        engine.BinDirectory = "/nonexistent/bin";
        engine.PortRangeStart = 20000;
        engine.PortRangeEnd = 19999;
        engine.MaxInstances = 0;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:BinDirectory: '/nonexistent/bin' lacks initdb, pg_ctl, postgres", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:PortRangeEnd: 19999 must be a TCP port no lower than PortRangeStart (20000)", StringComparison.Ordinal));
        Assert.Contains("DynamicDb:Engines:0:MaxInstances: must be at least 1, not 0.", failures);
    }

    [Fact]
    public void The_port_range_must_hold_max_instances()
    {
        var engine = Managed();
        engine.PortRangeStart = 20000;
        engine.PortRangeEnd = 20009;
        engine.MaxInstances = 11;

        var failure = Assert.Single(EngineOptionsValidator.Validate([engine]));

        Assert.Equal("DynamicDb:Engines:0:MaxInstances: 11 instances need as many ports, but PortRangeStart..PortRangeEnd (20000..20009) holds 10.", failure);
    }

    [Fact]
    public void Two_engines_may_not_share_a_data_directory()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Sqlite("a", "/tmp/dyndb-validate/same"), Sqlite("b", "/tmp/dyndb-validate/same/")]));

        Assert.StartsWith("DynamicDb:Engines:1:DataDirectory: '/tmp/dyndb-validate/same/' is already used by another engine", failure);
    }

    [Fact]
    public void Timeouts_must_make_sense()
    {
        var engine = Sqlite();
        engine.StatementTimeout = TimeSpan.FromSeconds(-1);
        engine.BusyTimeout = TimeSpan.Zero;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:StatementTimeout: must not be negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:BusyTimeout: must be positive", StringComparison.Ordinal));
    }
}

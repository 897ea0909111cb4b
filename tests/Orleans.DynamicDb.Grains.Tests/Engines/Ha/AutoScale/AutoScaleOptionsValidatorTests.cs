using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha.Registered;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.AutoScale;

/// <summary>Bad <c>AutoScale</c> settings stop the start with a message naming the key (through the engine list's validator).</summary>
public sealed class AutoScaleOptionsValidatorTests
{
    private static EngineOptions Ha(Action<Orleans.DynamicDb.Engines.Ha.AutoScale.AutoScaleOptions> configure, int replicas = 1)
    {
        var engine = new EngineOptions
        {
            Id = "pg-ha",
            Kind = EngineKinds.PostgresHa,
            DataDirectory = "/tmp/dyndb-autoscale-validation",
            Replicas = replicas,
        };
        engine.AutoScale.Enabled = true;
        configure(engine.AutoScale);
        return engine;
    }

    private static IReadOnlyList<string> Failures(EngineOptions engine) =>
        EngineOptionsValidator.Validate([engine]).Where(f => f.Contains(":AutoScale:", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(1, 0, "DynamicDb:Engines:0:AutoScale:MaxStandbys: must be between MinStandbys (1) and 4, not 0.")]
    [InlineData(3, 2, "DynamicDb:Engines:0:AutoScale:MaxStandbys: must be between MinStandbys (3) and 4, not 2.")]
    [InlineData(1, 5, "DynamicDb:Engines:0:AutoScale:MaxStandbys: must be between MinStandbys (1) and 4, not 5.")]
    [InlineData(0, 2, "DynamicDb:Engines:0:AutoScale:MinStandbys: must be between 1 and 4, not 0.")]
    public void Standby_bounds_outside_their_range_name_the_key(int min, int max, string expected)
    {
        Assert.Contains(expected, Failures(Ha(o => (o.MinStandbys, o.MaxStandbys) = (min, max))));
    }

    [Fact]
    public void Thresholds_and_times_name_their_keys()
    {
        var failures = Failures(Ha(o =>
        {
            o.ScaleUpLoad = 2;
            o.ScaleDownLoad = 2;
            o.Sustain = TimeSpan.FromSeconds(-1);
            o.Cooldown = TimeSpan.FromSeconds(-1);
            o.Interval = TimeSpan.FromMilliseconds(10);
        }));

        Assert.Contains("DynamicDb:Engines:0:AutoScale:ScaleDownLoad: must be at least 0 and below ScaleUpLoad (2), not 2.", failures);
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:AutoScale:Sustain: must not be negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:AutoScale:Cooldown: must not be negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:AutoScale:Interval: must be at least 50 ms", StringComparison.Ordinal));
        Assert.Contains("DynamicDb:Engines:0:AutoScale:ScaleUpLoad: must be a positive number of active backends per standby, not 0.",
            Failures(Ha(o => (o.ScaleUpLoad, o.ScaleDownLoad) = (0, 0))));
    }

    [Fact]
    public void MaxStandbys_below_the_configured_replicas_and_engines_that_are_no_group_the_silo_runs_are_refused()
    {
        Assert.Contains("DynamicDb:Engines:0:AutoScale:MaxStandbys: 2 is below the engine's Replicas (3), which it always keeps.",
            Failures(Ha(o => o.MaxStandbys = 2, replicas: 3)));

        var sqlite = new EngineOptions { Id = "lite", Kind = EngineKinds.Sqlite, DataDirectory = "/tmp/dyndb-autoscale-lite" };
        sqlite.AutoScale.Enabled = true;
        Assert.Contains("DynamicDb:Engines:0:AutoScale:Enabled: auto-scaling needs a postgres-ha group the silo runs, but engine 'lite' is of kind 'sqlite'.", Failures(sqlite));

        var registered = Ha(_ => { });
        registered.Members = [new RegisteredMemberOptions { Name = "a", ConnectionString = "Host=127.0.0.1;Port=1" }, new RegisteredMemberOptions { Name = "b", ConnectionString = "Host=127.0.0.1;Port=2" }];
        Assert.Contains(Failures(registered), f => f.Contains("AutoScale:Enabled: auto-scaling needs a postgres-ha group the silo runs, but engine 'pg-ha' is a registered group (Members).", StringComparison.Ordinal));
    }

    [Fact]
    public void Disabled_auto_scaling_is_not_checked_and_the_defaults_pass()
    {
        var disabled = Ha(o => o.MaxStandbys = 0);
        disabled.AutoScale.Enabled = false;

        Assert.Empty(Failures(disabled));
        Assert.Empty(Failures(Ha(_ => { })));
    }
}

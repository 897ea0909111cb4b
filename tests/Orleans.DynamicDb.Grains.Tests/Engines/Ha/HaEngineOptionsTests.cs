using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

/// <summary>The settings of a <c>postgres-ha</c> engine entry: validated up front, naming the setting and the value.</summary>
public sealed class HaEngineOptionsTests
{
    private static EngineOptions Replicated(int replicas = 2) => new()
    {
        Id = "pg-ha",
        Kind = EngineKinds.PostgresHa,
        Replicas = replicas,
        DataDirectory = Path.Combine(Path.GetTempPath(), "dyndb-validate", "pg-ha"),
    };

    [Fact]
    public void A_postgres_ha_entry_with_the_defaults_is_valid_and_keeps_two_replicas()
    {
        var engine = new EngineOptions { Id = "pg-ha", Kind = EngineKinds.PostgresHa };

        Assert.Empty(EngineOptionsValidator.Validate([engine]));
        Assert.Equal(2, engine.Replicas);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Replicas_outside_0_to_4_names_the_setting_and_the_value(int replicas)
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Replicated(replicas)]));

        Assert.Equal($"DynamicDb:Engines:0:Replicas: must be between 0 and 4, not {replicas}.", failure);
    }

    [Fact]
    public void A_negative_auto_fallback_interval_names_the_setting_and_zero_is_allowed()
    {
        var negative = Replicated();
        negative.AutoFallbackInterval = TimeSpan.FromSeconds(-1);
        var zero = Replicated();
        zero.AutoFallbackInterval = TimeSpan.Zero;

        var failure = Assert.Single(EngineOptionsValidator.Validate([negative]));

        Assert.Equal("DynamicDb:Engines:0:AutoFallbackInterval: must not be negative (zero disables auto-fallback), not -00:00:01.", failure);
        Assert.Empty(EngineOptionsValidator.Validate([zero]));
        Assert.Equal(TimeSpan.FromSeconds(120), new EngineOptions().AutoFallbackInterval);
    }

    [Fact]
    public void The_group_checks_apply_to_the_entry_under_its_own_setting_names()
    {
        var engine = Replicated();
        engine.BinDirectory = "/nowhere/bin";
        engine.PortRangeStart = 20000;
        engine.PortRangeEnd = 20001;
        engine.MaxPoolSize = 0;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:BinDirectory: '/nowhere/bin' lacks initdb", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DynamicDb:Engines:0:PortRangeEnd: 3 members need as many ports", StringComparison.Ordinal));
        Assert.Contains("DynamicDb:Engines:0:MaxPoolSize: must be at least 1, not 0.", failures);
    }

    [Fact]
    public void A_postgres_ha_entry_shares_no_data_directory_with_another_engine()
    {
        var sqlite = new EngineOptions { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = Replicated().DataDirectory };

        var failure = Assert.Single(EngineOptionsValidator.Validate([sqlite, Replicated()]));

        Assert.StartsWith("DynamicDb:Engines:1:DataDirectory:", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_group_is_named_after_the_engine_and_lives_in_its_data_directory()
    {
        var engine = Replicated(3);
        engine.PortRangeStart = 21000;
        engine.PortRangeEnd = 21099;

        var group = HaEngineSettings.GroupOptions(engine);

        Assert.Equal("pg-ha", group.Name);
        Assert.Equal(3, group.Replicas);
        Assert.Equal(Path.GetFullPath(engine.DataDirectory), group.DataDirectory);
        Assert.Equal((21000, 21099), (group.PortRangeStart, group.PortRangeEnd));
        Assert.Equal(engine.StartTimeout, group.StartTimeout);
    }

    [Fact]
    public void Member_weights_name_the_setting_and_the_value_when_the_member_or_the_weight_is_bad()
    {
        var engine = Replicated();
        engine.MemberWeights["m1"] = 2.5;
        engine.MemberWeights["m9"] = 1;
        engine.MemberWeights["primary"] = 1;
        engine.MemberWeights["m2"] = 1001;
        engine.MemberWeights["m3"] = double.NaN;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Equal(
            [
                "DynamicDb:Engines:0:MemberWeights:m2: must be between 0 and 1000, not 1001.",
                "DynamicDb:Engines:0:MemberWeights:m3: must be between 0 and 1000, not NaN.",
                "DynamicDb:Engines:0:MemberWeights:m9: 'm9' is not a member name; members are m0 to m4.",
                "DynamicDb:Engines:0:MemberWeights:primary: 'primary' is not a member name; members are m0 to m4.",
            ],
            failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Member_weights_reach_the_group_and_the_default_weight_is_the_engine_health_weight()
    {
        var engine = Replicated();
        engine.MemberWeights["M2"] = 3;
        engine.Health.Weight = 0.5;

        var group = HaEngineSettings.GroupOptions(engine);

        Assert.Empty(EngineOptionsValidator.Validate([engine]));
        Assert.Equal(3, group.MemberWeights["m2"]);
        Assert.Equal(0.5, group.DefaultWeight);
    }
}

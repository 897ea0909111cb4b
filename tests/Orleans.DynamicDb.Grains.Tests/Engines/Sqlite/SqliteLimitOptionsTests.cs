using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Sqlite;

public sealed class SqliteLimitOptionsTests
{
    private static EngineOptions Sqlite() =>
        new() { Id = "sqlite", Kind = EngineKinds.Sqlite, DataDirectory = Path.Combine(Path.GetTempPath(), "dyndb-validate", "limits") };

    [Fact]
    public void The_default_limits_are_valid()
    {
        Assert.Empty(EngineOptionsValidator.Validate([Sqlite()]));
    }

    [Fact]
    public void A_limit_out_of_range_names_the_setting_and_the_range()
    {
        var engine = Sqlite();
        engine.SqliteLimits.MaxExpressionDepth = 5000;
        engine.SqliteLimits.MaxSqlLength = 0;

        var failures = EngineOptionsValidator.Validate([engine]);

        Assert.Equal(
        [
            "DynamicDb:Engines:0:SqliteLimits:MaxSqlLength: must be between 1024 and 1000000000, not 0.",
            "DynamicDb:Engines:0:SqliteLimits:MaxExpressionDepth: must be between 10 and 1000, not 5000.",
        ], failures);
    }

    [Fact]
    public void Missing_limits_are_a_failure_not_a_crash()
    {
        var engine = Sqlite();
        engine.SqliteLimits = null!;

        Assert.Equal(["DynamicDb:Engines:0:SqliteLimits: must not be null."], EngineOptionsValidator.Validate([engine]));
    }
}

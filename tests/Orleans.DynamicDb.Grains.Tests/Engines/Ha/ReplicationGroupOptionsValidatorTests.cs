using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Engines.Ha;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha;

[UnsupportedOSPlatform("windows")]
public sealed class ReplicationGroupOptionsValidatorTests
{
    private static ReplicationGroupOptions Valid() => new() { DataDirectory = "/tmp/dyndb-ha-validation" };

    [Fact]
    public void The_defaults_with_a_data_directory_are_valid()
    {
        var options = Valid();

        Assert.Empty(ReplicationGroupOptionsValidator.Validate(options, "ReplicationGroup"));
        Assert.Equal(2, options.Replicas);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Replicas_outside_zero_to_four_are_refused_naming_the_setting(int replicas)
    {
        var options = Valid();
        options.Replicas = replicas;

        var failure = Assert.Single(ReplicationGroupOptionsValidator.Validate(options, "DynamicDb:Engines:0"));

        Assert.Equal($"DynamicDb:Engines:0:Replicas: must be between 0 and 4, not {replicas}.", failure);
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new ReplicationGroupOptions
        {
            Name = "Bad Name",
            BinDirectory = "/nowhere",
            DataDirectory = " ",
            PortRangeStart = 0,
            PortRangeEnd = 70000,
            StartTimeout = TimeSpan.Zero,
            ReplicationTimeout = TimeSpan.Zero,
            CommandTimeout = TimeSpan.FromMilliseconds(10),
        };

        var failures = ReplicationGroupOptionsValidator.Validate(options, "G");

        Assert.Equal(["G:Name", "G:BinDirectory", "G:DataDirectory", "G:PortRangeStart", "G:PortRangeEnd", "G:StartTimeout", "G:ReplicationTimeout", "G:CommandTimeout"],
            failures.Select(f => f[..f.IndexOf(": ", StringComparison.Ordinal)]));
        Assert.Contains("lacks initdb, pg_ctl, postgres, pg_basebackup, pg_rewind", failures[1]);
    }

    [Fact]
    public void A_port_range_smaller_than_the_group_is_refused()
    {
        var options = Valid();
        options.PortRangeStart = 40000;
        options.PortRangeEnd = 40001;

        var failure = Assert.Single(ReplicationGroupOptionsValidator.Validate(options, "G"));

        Assert.Equal("G:PortRangeEnd: 3 members need as many ports, but PortRangeStart..PortRangeEnd (40000..40001) holds 2.", failure);
    }

    [Fact]
    public void A_group_with_bad_settings_cannot_be_created()
    {
        var options = Valid();
        options.Replicas = 9;

        var error = Assert.Throws<OptionsValidationException>(() => new ReplicationGroup(options, NullLogger<ReplicationGroup>.Instance));

        Assert.Contains("ReplicationGroup:Replicas: must be between 0 and 4, not 9.", error.Failures);
    }
}

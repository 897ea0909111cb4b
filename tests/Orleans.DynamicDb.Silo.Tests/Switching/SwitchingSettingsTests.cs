using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Switching;

/// <summary>Bad switching policy and alert settings stop the silo at start with exit code 78, naming the setting and the value.</summary>
public sealed class SwitchingSettingsTests
{
    [Theory]
    [InlineData(new[] { "--DynamicDb:Switching:Policies:slow:TriggerType", "performance", "--DynamicDb:Switching:Policies:slow:TriggerThresholdMs", "500", "--DynamicDb:Switching:Policies:slow:TargetEngine", "nope" },
        "DynamicDb:Switching:Policies:slow:TargetEngine 'nope' is no configured engine; the engines are: sqlite")]
    [InlineData(new[] { "--DynamicDb:Switching:Policies:slow:TriggerType", "latency", "--DynamicDb:Switching:Policies:slow:TargetEngine", "sqlite" },
        "DynamicDb:Switching:Policies:slow:TriggerType must be 'performance' or 'load_based'; it is 'latency'")]
    [InlineData(new[] { "--DynamicDb:Switching:Policies:busy:TriggerType", "load_based", "--DynamicDb:Switching:Policies:busy:TargetEngine", "sqlite" },
        "DynamicDb:Switching:Policies:busy:MaxConnectionsThreshold is required for a load_based policy")]
    [InlineData(new[] { "--DynamicDb:Switching:MaxSwitchesPerHour", "0" }, "DynamicDb:Switching:MaxSwitchesPerHour must be between 1 and 10000; it is 0")]
    [InlineData(new[] { "--DynamicDb:Switching:CooldownSeconds", "-1" }, "DynamicDb:Switching:CooldownSeconds must be between 0 and 86400; it is -1")]
    [InlineData(new[] { "--DynamicDb:Alerts:Webhooks:0:Url", "http://127.0.0.1:9/hook", "--DynamicDb:Alerts:Webhooks:0:Secret", "short" },
        "DynamicDb:Alerts:Webhooks:0:Secret is 5 characters long; it must have at least 16")]
    [InlineData(new[] { "--DynamicDb:Alerts:Webhooks:0:Url", "ftp://127.0.0.1/hook", "--DynamicDb:Alerts:Webhooks:0:Secret", "a-long-enough-secret" },
        "DynamicDb:Alerts:Webhooks:0:Url must be an absolute http or https URL; it is 'ftp://127.0.0.1/hook'")]
    [InlineData(new[] { "--DynamicDb:Alerts:QueueCapacity", "0" }, "DynamicDb:Alerts:QueueCapacity must be between 1 and 1000000; it is 0")]
    public async Task A_bad_setting_stops_the_silo_with_exit_code_78_naming_it(string[] settings, string expected)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        // A silo that wrongly starts runs until stopped: the deadline turns that into a failure rather than a hang.
        var exitCode = await Eventually.Within(
            SiloHost.RunAsync(
                ["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "None", .. InProcessSilo.OrleansPorts(), .. settings],
                error),
            "The silo's start with a bad setting",
            TimeSpan.FromSeconds(60));

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(expected, error.ToString());
    }
}

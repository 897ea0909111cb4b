using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>A bad admin key setting stops the silo at start with the configuration exit code, naming the setting.</summary>
public sealed class AdminKeySettingsTests
{
    [Theory]
    [InlineData("--DynamicDb:Auth:AdminKeys:0:Key", "short-admin-key", "DynamicDb:Auth:AdminKeys:0:Key is 15 characters long")]
    [InlineData("--DynamicDb:Auth:AdminKeys:0:KeySha256", "abc", "DynamicDb:Auth:AdminKeys:0:KeySha256 must be 64 hex digits")]
    [InlineData("--DynamicDb:Auth:AdminKeys:0:Key", GatewaySilo.AlphaKey,
        "DynamicDb:Auth:AdminKeys:0 holds the same key as DynamicDb:Auth:ApiKeys:0: an admin key must differ from every app key")]
    [InlineData("--DynamicDb:Auth:AdminKeys:0:Key", GatewaySilo.GammaKey,
        "DynamicDb:Auth:AdminKeys:0 holds the same key as DynamicDb:Auth:ApiKeys:2: an admin key must differ from every app key")]
    public async Task A_bad_admin_key_stops_the_silo_with_exit_code_78_naming_the_setting(string setting, string value, string expected)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        // A silo that wrongly starts runs until stopped: the deadline turns that into a failure rather than a hang.
        var exitCode = await Eventually.Within(
            SiloHost.RunAsync(
                [
                    "--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "None",
                    .. InProcessSilo.OrleansPorts(), .. GatewaySilo.AuthArguments, setting, value,
                ],
                error),
            "The silo's start with a bad admin key",
            TimeSpan.FromSeconds(60));

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(expected, error.ToString());
    }
}

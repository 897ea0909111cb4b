using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>
/// A <c>DynamicDb:Auth:ApiKeys:N:ReadOnly</c> that is not a boolean stops the silo with exit code 78 naming the setting
/// (never a key silently dropped), as does any boolean the configuration binder cannot convert.
/// </summary>
public sealed class ReadOnlyKeySettingsTests
{
    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("read-only")]
    public async Task A_read_only_setting_that_is_not_true_or_false_stops_the_silo_with_exit_code_78_naming_it(string value)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await SiloHost.RunAsync(
            ["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "None", .. InProcessSilo.OrleansPorts(),
                "--DynamicDb:Auth:ApiKeys:0:App", "shop", "--DynamicDb:Auth:ApiKeys:0:Key", "shop-key-0123456789abcdef",
                "--DynamicDb:Auth:ApiKeys:0:ReadOnly", value],
            error).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains("DynamicDb:Auth:ApiKeys:0:ReadOnly", error.ToString(), StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_boolean_auth_setting_the_binder_cannot_convert_stops_the_silo_with_exit_code_78_naming_it()
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await SiloHost.RunAsync(
            ["--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "None", .. InProcessSilo.OrleansPorts(),
                "--DynamicDb:Auth:DevelopmentKey", "maybe"],
            error).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains("DynamicDb:Auth:DevelopmentKey", error.ToString(), StringComparison.Ordinal);
    }
}

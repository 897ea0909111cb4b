using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Ui;

/// <summary>A bad <c>DynamicDb:Ui</c> setting stops the silo at start-up with exit code 78 naming it.</summary>
public sealed class UiSettingsTests
{
    [Theory]
    [InlineData("--DynamicDb:Ui:SessionLifetime", "00:00:10", "DynamicDb:Ui:SessionLifetime is 00:00:10")]
    [InlineData("--DynamicDb:Ui:RefreshInterval", "00:10:00", "DynamicDb:Ui:RefreshInterval is 00:10:00")]
    [InlineData("--DynamicDb:Ui:SampleInterval", "00:00:00", "DynamicDb:Ui:SampleInterval is 00:00:00")]
    [InlineData("--DynamicDb:Ui:SamplesKept", "5", "DynamicDb:Ui:SamplesKept is 5")]
    [InlineData("--DynamicDb:Ui:MaxSessions", "0", "DynamicDb:Ui:MaxSessions is 0")]
    public async Task A_bad_value_stops_the_silo_with_exit_code_78_naming_the_setting(string setting, string value, string message)
    {
        using var data = new TempDirectory();
        using var error = new StringWriter();

        var exitCode = await InProcessSilo.RunToExitAsync(data.Path, error, setting, value);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_dashboard_answers_404()
    {
        await using var silo = await Gateway.Infrastructure.GatewaySilo.StartAsync(["--DynamicDb:Ui:Enabled", "false"]);
        using var http = new HttpClient { BaseAddress = silo.Address };

        using var page = await http.GetAsync("/ui");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
    }
}

using System.Text.Json;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Tests.Infrastructure;
using Orleans.DynamicDb.TestInfrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Hosting;

/// <summary>The silo's build output run as a real process, stopped by real signals.</summary>
public sealed class SiloProcessTests
{
    [Fact]
    public async Task The_silo_process_gets_ready_and_stops_gracefully_on_SIGINT()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path);

        var ready = HealthJson.Parse(await silo.WaitUntilReadyAsync());
        Assert.Equal("Healthy", ready.Status);
        Assert.Equal("Healthy", ready.Checks["silo"].Status);
        Assert.True(File.Exists(data.Combine("silo", "orleans.db")), silo.Output);

        await silo.SignalAsync("INT");

        Assert.Equal(SiloHost.ExitCodeStopped, await silo.WaitForExitAsync());
        Assert.Contains($"Data directory: {data.Path}", silo.Output);
        Assert.Contains("Silo host stopping: deactivating grains", silo.Output);
        Assert.Contains("Silo host stopped", silo.Output);
    }

    [Fact]
    public async Task The_silo_process_listens_where_ASPNETCORE_URLS_says_and_stops_gracefully_on_SIGTERM()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        await using var silo = SiloProcess.Start(
            port,
            ["--DynamicDb:DataDirectory", data.Path],
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });

        await silo.WaitUntilReadyAsync();
        await silo.SignalAsync("TERM");

        Assert.Equal(SiloHost.ExitCodeStopped, await silo.WaitForExitAsync());
        Assert.Contains("Silo host stopping: deactivating grains", silo.Output);
    }

    [Fact]
    public async Task Grain_state_written_by_the_silo_survives_a_restart_of_its_process()
    {
        using var data = new TempDirectory();
        await using (var first = SiloProcess.Start(data.Path))
        {
            Assert.Equal(1, HealthJson.Parse(await first.WaitUntilReadyAsync()).SiloStarts);
            await first.SignalAsync("INT");
            Assert.Equal(SiloHost.ExitCodeStopped, await first.WaitForExitAsync());
        }

        await using var second = SiloProcess.Start(data.Path);
        Assert.Equal(2, HealthJson.Parse(await second.WaitUntilReadyAsync()).SiloStarts);
        await second.SignalAsync("INT");
        Assert.Equal(SiloHost.ExitCodeStopped, await second.WaitForExitAsync());
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_stops_the_process_with_a_message_naming_the_setting()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("not-a-directory");
        await File.WriteAllTextAsync(file, "a regular file");
        await using var silo = SiloProcess.Start(file);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, await silo.WaitForExitAsync());
        Assert.Contains("DynamicDb:DataDirectory", silo.StandardError);
        Assert.Contains($"'{file}' is a file", silo.StandardError);
    }

    [Fact]
    public async Task JSON_logging_writes_each_log_line_as_one_JSON_object()
    {
        using var data = new TempDirectory();
        await using var silo = SiloProcess.Start(data.Path, "--DynamicDb:Logging:Json", "true");

        await silo.WaitUntilReadyAsync();
        await silo.SignalAsync("INT");
        Assert.Equal(SiloHost.ExitCodeStopped, await silo.WaitForExitAsync());

        var lines = silo.StandardOutputLines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.All(lines, l => Assert.True(l.TryGetProperty("Timestamp", out _), l.ToString()));
        Assert.Contains(lines, l => l.GetProperty("EventId").GetInt32() == SiloEventIds.DataDirectory
            && l.GetProperty("State").GetProperty("DataDirectory").GetString() == data.Path);
        Assert.Contains(lines, l => l.GetProperty("Message").GetString() == "Silo host stopped");
    }
}

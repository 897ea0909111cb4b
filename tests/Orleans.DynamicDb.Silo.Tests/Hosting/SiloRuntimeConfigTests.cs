using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Hosting;

/// <summary>The runtime settings the silo's build writes into its <c>runtimeconfig.json</c>.</summary>
public sealed class SiloRuntimeConfigTests
{
    [Fact]
    public void Idle_thread_pool_workers_of_the_silo_block_instead_of_spinning()
    {
        // every hop of a statement (wire socket, grain turn, Npgsql completion) wakes a worker; spinning workers took ~20 % of the silo's CPU per select
        var path = Path.Combine(AppContext.BaseDirectory, "Orleans.DynamicDb.Silo.runtimeconfig.json");
        Assert.True(File.Exists(path), $"The silo's runtime config is not next to the tests: {path}");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spinLimit),
            $"System.Threading.ThreadPool.UnfairSemaphoreSpinLimit is not set in {path}");
        Assert.Equal(0, spinLimit.GetInt32());
    }
}

using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Tests.Grains;

namespace Orleans.DynamicDb.Runtime.Tests.Hosting;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task A_silo_with_a_bad_setting_does_not_start_and_the_error_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestClusters.StartAsync(
            configure: null,
            options: o => o.Configuration["Orleans:Messaging:ResponseTimeout"] = "-00:00:05"));

        Assert.Contains("Orleans:Messaging:ResponseTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("-00:00:05", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_bind_from_configuration()
    {
        await using var cluster = await TestClusters.StartAsync(options: o => o.Configuration["Orleans:GrainCollection:CollectionAge"] = "00:42:00");

        var options = (IOptions<GrainCollectionOptions>)cluster.ServiceProvider.GetService(typeof(IOptions<GrainCollectionOptions>))!;

        Assert.Equal(TimeSpan.FromMinutes(42), options.Value.CollectionAge);
    }

    [Fact]
    public async Task A_zero_collection_quantum_is_refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestClusters.StartAsync(silo => silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.Zero)));

        Assert.Contains("Orleans:GrainCollection:CollectionQuantum", error.Message, StringComparison.Ordinal);
    }
}

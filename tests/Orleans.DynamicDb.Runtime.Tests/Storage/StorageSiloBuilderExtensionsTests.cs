using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public sealed class StorageSiloBuilderExtensionsTests
{
    [Fact]
    public void AddMemoryGrainStorage_registers_one_keyed_singleton_under_its_name()
    {
        var builder = new TestSiloBuilder();
        builder.AddMemoryGrainStorage("carts");
        using var services = builder.Build();

        var storage = services.GetRequiredKeyedService<IGrainStorage>("carts");

        Assert.IsType<MemoryGrainStorage>(storage);
        Assert.Same(storage, services.GetRequiredKeyedService<IGrainStorage>("carts"));
        Assert.Null(services.GetKeyedService<IGrainStorage>(ProviderConstants.DefaultStorageProviderName));
    }

    [Fact]
    public void The_as_default_variants_register_under_the_default_provider_name()
    {
        using var file = new SqliteTestFile();
        var memory = new TestSiloBuilder();
        memory.AddMemoryGrainStorageAsDefault();
        var adoNet = new TestSiloBuilder();
        adoNet.AddAdoNetGrainStorageAsDefault(options => options.ConnectionString = file.ConnectionString);
        using var memoryServices = memory.Build();
        using var adoNetServices = adoNet.Build();

        Assert.IsType<MemoryGrainStorage>(memoryServices.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DefaultStorageProviderName));
        Assert.IsType<AdoNetGrainStorage>(adoNetServices.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DefaultStorageProviderName));
    }

    [Fact]
    public async Task Named_AdoNet_providers_keep_their_own_options_and_their_own_databases()
    {
        using var first = new SqliteTestFile();
        using var second = new SqliteTestFile();
        var builder = new TestSiloBuilder();
        builder.AddAdoNetGrainStorage("first", options => options.ConnectionString = first.ConnectionString);
        builder.AddAdoNetGrainStorage("second", options => options.ConnectionString = second.ConnectionString);
        using var services = builder.Build();
        var grainId = new GrainId("cart", "1");

        await services.GetRequiredKeyedService<IGrainStorage>("first").WriteStateAsync("s", grainId, new GrainState<int>(1));
        await services.GetRequiredKeyedService<IGrainStorage>("second").WriteStateAsync("s", grainId, new GrainState<int>(2));

        Assert.Equal("1", await first.ScalarAsync("SELECT payload FROM dyndb_grain_state"));
        Assert.Equal("2", await second.ScalarAsync("SELECT payload FROM dyndb_grain_state"));
    }

    [Fact]
    public void Options_are_bound_from_configuration_then_overridden_by_code()
    {
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["Orleans:Storage:carts:ConnectionString"] = "Data Source=from-config.db",
            ["Orleans:Storage:carts:TableName"] = "config_table",
        });
        builder.AddAdoNetGrainStorage("carts", options => options.TableName = "code_table");
        using var services = builder.Build();

        var options = services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get("carts");

        Assert.Equal("Data Source=from-config.db", options.ConnectionString);
        Assert.Equal("code_table", options.TableName);
    }

    [Fact]
    public void Bad_options_stop_start_up_with_a_message_naming_the_provider_and_the_setting()
    {
        var builder = new TestSiloBuilder();
        builder.AddAdoNetGrainStorage("carts", options => options.Invariant = "Oracle");
        using var services = builder.Build();

        var atStart = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        var onResolve = Assert.Throws<OptionsValidationException>(() => services.GetRequiredKeyedService<IGrainStorage>("carts"));

        foreach (var error in new[] { atStart, onResolve })
        {
            Assert.Contains("Grain storage 'carts': AdoNetGrainStorageOptions.Invariant 'Oracle' is not supported", error.Message, StringComparison.Ordinal);
            Assert.Contains("AdoNetGrainStorageOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
        }
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Runtime.Hosting;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

/// <summary>A bare <see cref="ISiloBuilder"/> over a service collection and in-memory configuration.</summary>
public sealed class TestSiloBuilder(IReadOnlyDictionary<string, string?>? settings = null) : ISiloBuilder
{
    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

    public ServiceProvider Build() => Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
}

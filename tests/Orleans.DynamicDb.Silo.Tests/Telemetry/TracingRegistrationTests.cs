using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orleans.DynamicDb.Silo.Telemetry;

namespace Orleans.DynamicDb.Silo.Tests.Telemetry;

/// <summary>Traces are built only when they go somewhere: a tracer provider exists with an OTLP endpoint, none without.</summary>
public sealed class TracingRegistrationTests
{
    [Fact]
    public void Without_an_otlp_endpoint_no_tracer_provider_samples_activities()
    {
        using var provider = Build(new Dictionary<string, string?>());

        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Fact]
    public void With_an_otlp_endpoint_a_tracer_provider_exports_the_traces()
    {
        using var provider = Build(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.OtlpEndpointVariable] = "http://127.0.0.1:4317" });

        Assert.NotNull(provider.GetService<TracerProvider>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddDynamicDbTelemetry(configuration);
        return services.BuildServiceProvider();
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Silo.Telemetry;

/// <summary>Registers OpenTelemetry: the product's meters and activity source, ASP.NET Core and runtime instrumentation, and the exporters.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The variable that turns OTLP export on (OpenTelemetry's standard; nothing is exported over OTLP when it is unset).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds metrics (the product's meter <see cref="DatabaseMetrics.MeterName"/>, ASP.NET Core, .NET runtime) with a
    /// Prometheus exporter, also over OTLP when <see cref="OtlpEndpointVariable"/> is set in configuration or the environment,
    /// and then traces too (<see cref="DynamicDbActivities.SourceName"/>, Orleans', ASP.NET Core's; without OTLP no traces are built). Nothing when
    /// <c>DynamicDb:Telemetry:Enabled</c> is false. Map the endpoint with <see cref="TelemetryEndpoints.MapDynamicDbMetrics"/>.
    /// </summary>
    public static IServiceCollection AddDynamicDbTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        var options = section.Get<TelemetryOptions>() ?? new();
        if (!options.Enabled)
        {
            return services;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("Orleans.DynamicDb.Silo"))
            .WithMetrics(metrics =>
            {
                // Orleans' own meter: orleans_* series (grain calls, activations, messaging, membership).
                metrics.AddMeter("Microsoft.Orleans")
                    .AddMeter(DatabaseMetrics.MeterName)
                    .AddMeter(PgWire.PgWireMetrics.MeterName)
                    .AddMeter(Sessions.SessionMetrics.MeterName)
                    .AddMeter(Tiers.TierMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    // Reads OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_EXPORTER_OTLP_* / OTEL_METRIC_EXPORT_* settings itself.
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Traces go nowhere but OTLP: without it no tracer provider samples them, so a statement builds no activities
            // nobody reads (four per statement call: Orleans' two for the grain call, the grain's and the engine's).
            telemetry.WithTracing(tracing =>
            {
                // Orleans' sources add the grain call itself (client side and silo side) between the request and the grain's work.
                tracing.AddSource(DynamicDbActivities.SourceName, "Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime")
                    .AddAspNetCoreInstrumentation()
                    .AddOtlpExporter();
            });
        }

        // Logs are not sent over OTLP (UseOtlpExporter would): a log line may quote a tenant's statement.
        return services;
    }
}

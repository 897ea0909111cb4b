using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.DynamicDb.Silo.Health;

/// <summary>The silo's health checks and their endpoints: <c>/health/live</c> and <c>/health/ready</c>.</summary>
public static class HealthEndpoints
{
    /// <summary>The path of the liveness endpoint: 200 while the process runs.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The path of the readiness endpoint: 200 once the silo has started and its grains answer, else 503.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>The tag of the checks behind <see cref="LivePath"/>.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the checks behind <see cref="ReadyPath"/>.</summary>
    public const string ReadyTag = "ready";

    /// <summary>The name of the liveness check.</summary>
    public const string ProcessCheckName = "process";

    /// <summary>Adds the liveness check ("process") and the readiness check ("silo").</summary>
    public static IServiceCollection AddDynamicDbHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck(ProcessCheckName, () => HealthCheckResult.Healthy("The process is running."), [LiveTag])
            .AddCheck<SiloHealthCheck>(SiloHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag]);
        return services;
    }

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>, each answering with JSON that names every check.</summary>
    public static IEndpointRouteBuilder MapDynamicDbHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, Options(LiveTag));
        endpoints.MapHealthChecks(ReadyPath, Options(ReadyTag));
        return endpoints;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = HealthReportJsonWriter.WriteAsync,
    };
}

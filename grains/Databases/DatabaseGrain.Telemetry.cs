using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Engines.Health;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Databases;

/// <summary>Traces of the grain's statement calls and of their executions on the engine (<see cref="DynamicDbActivities"/>).</summary>
internal sealed partial class DatabaseGrain
{
    private EngineOutcomeReporter? _outcomes;

    /// <summary>
    /// Runs a statement call inside a <c>dyndb.grain.{operation}</c> activity and records its duration and outcome
    /// (<see cref="DatabaseMetrics.Statement"/>), and tells the engine's health watch (<see cref="EngineOutcomeReporter"/>).
    /// </summary>
    private async Task<T> Traced<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        using var load = BeginLoad();
        try
        {
            var result = await DynamicDbActivities.TraceAsync(DynamicDbActivities.GrainPrefix, operation, _name, () => _info?.Engine, call);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.Statement(_info?.Engine, operation, elapsed, errorCode: null);
            Outcomes?.Report(_info?.Engine, elapsed, errorCode: null);
            await RecordPlacementAsync(CancellationToken.None);
            return result;
        }
        catch (Exception e)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var code = e is DynamicDbException d ? d.ErrorCode : "unexpected";
            metrics.Statement(_info?.Engine, operation, elapsed, code);
            Outcomes?.Report(_info?.Engine, elapsed, code, e);
            throw;
        }
    }

    /// <summary>The silo's statement outcome reporter (none outside a silo).</summary>
    private EngineOutcomeReporter? Outcomes => _outcomes ??= ServiceProvider.GetService<EngineOutcomeReporter>();

    /// <summary>Runs an execution on the engine inside a <c>dyndb.engine.{operation}</c> activity.</summary>
    private Task<T> OnEngine<T>(string operation, Func<Task<T>> call) =>
        DynamicDbActivities.TraceAsync(DynamicDbActivities.EnginePrefix, operation, _name, () => _engine?.Id ?? _info?.Engine, call);
}

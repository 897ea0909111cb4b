using System.Diagnostics;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Databases;

/// <summary>Traces of the grain's statement calls and of their executions on the engine (<see cref="DynamicDbActivities"/>).</summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>
    /// Runs a statement call inside a <c>dyndb.grain.{operation}</c> activity and records its duration and outcome
    /// (<see cref="DatabaseMetrics.Statement"/>).
    /// </summary>
    private async Task<T> Traced<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await DynamicDbActivities.TraceAsync(DynamicDbActivities.GrainPrefix, operation, _name, () => _info?.Engine, call);
            metrics.Statement(_info?.Engine, operation, Stopwatch.GetElapsedTime(started), errorCode: null);
            return result;
        }
        catch (Exception e)
        {
            metrics.Statement(_info?.Engine, operation, Stopwatch.GetElapsedTime(started), e is DynamicDbException d ? d.ErrorCode : "unexpected");
            throw;
        }
    }

    /// <summary>Runs an execution on the engine inside a <c>dyndb.engine.{operation}</c> activity.</summary>
    private Task<T> OnEngine<T>(string operation, Func<Task<T>> call) =>
        DynamicDbActivities.TraceAsync(DynamicDbActivities.EnginePrefix, operation, _name, () => _engine?.Id ?? _info?.Engine, call);
}

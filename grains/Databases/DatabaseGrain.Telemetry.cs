using Orleans.DynamicDb.Telemetry;

namespace Orleans.DynamicDb.Databases;

/// <summary>Traces of the grain's statement calls and of their executions on the engine (<see cref="DynamicDbActivities"/>).</summary>
internal sealed partial class DatabaseGrain
{
    /// <summary>Runs a statement call inside a <c>dyndb.grain.{operation}</c> activity.</summary>
    private Task<T> Traced<T>(string operation, Func<Task<T>> call) =>
        DynamicDbActivities.TraceAsync(DynamicDbActivities.GrainPrefix, operation, _name, () => _info?.Engine, call);

    /// <summary>Runs an execution on the engine inside a <c>dyndb.engine.{operation}</c> activity.</summary>
    private Task<T> OnEngine<T>(string operation, Func<Task<T>> call) =>
        DynamicDbActivities.TraceAsync(DynamicDbActivities.EnginePrefix, operation, _name, () => _engine?.Id ?? _info?.Engine, call);
}

using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Switching;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The engines a running switch moves a database from or to: the admin API shows them in state
/// <see cref="EngineHealthState.Switching"/> (a Healthy engine only; a Degraded or Failed one keeps saying so).
/// </summary>
internal sealed class SwitchingEngines
{
    private readonly HashSet<string> _engines;

    private SwitchingEngines(HashSet<string> engines) => _engines = engines;

    /// <summary>Reads the running switches from the history.</summary>
    public static async Task<SwitchingEngines> ReadAsync(ISwitchLog switches, CancellationToken cancellationToken)
    {
        var running = await switches.ListRunningAsync(cancellationToken).ConfigureAwait(false);
        return new SwitchingEngines(new HashSet<string>(running.Where(r => r.StartedAt is not null).SelectMany(r => new[] { r.Source, r.Target }), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary><paramref name="status"/>, in state Switching when a running switch involves its (Healthy) engine.</summary>
    public EngineStatus Apply(EngineStatus status) =>
        status.State == EngineHealthState.Healthy && _engines.Contains(status.Id) ? status with { State = EngineHealthState.Switching } : status;
}

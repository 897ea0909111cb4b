using System.Diagnostics.Metrics;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>The switching policies' instruments, on the database layer's meter (<see cref="DatabaseMetrics.MeterName"/>).</summary>
public sealed class PolicyMetrics
{
    /// <summary>Counter tagged <c>policy</c>: switches a policy asked for (Prometheus: <c>dyndb_policy_switches_total</c>).</summary>
    public const string SwitchesInstrument = "dyndb.policy.switches";

    /// <summary>
    /// Counter tagged <c>policy</c> and <c>reason</c> (<c>cooldown</c>, <c>hourly_cap</c>, <c>no_requester</c>,
    /// <c>request_failed</c>, <c>load_unavailable</c>): triggers that did not become a switch (Prometheus: <c>dyndb_policy_skips_total</c>).
    /// </summary>
    public const string SkipsInstrument = "dyndb.policy.skips";

    /// <summary>Counter tagged <c>policy</c>: evaluations run (Prometheus: <c>dyndb_policy_evaluations_total</c>).</summary>
    public const string EvaluationsInstrument = "dyndb.policy.evaluations";

    private readonly Counter<long> _switches;
    private readonly Counter<long> _skips;
    private readonly Counter<long> _evaluations;

    public PolicyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DatabaseMetrics.MeterName);
        _switches = meter.CreateCounter<long>(SwitchesInstrument, description: "Switches asked for by switching policies.");
        _skips = meter.CreateCounter<long>(SkipsInstrument, description: "Policy triggers that did not become a switch, by reason.");
        _evaluations = meter.CreateCounter<long>(EvaluationsInstrument, description: "Switching policy evaluations.");
    }

    public void Switched(string policy) => _switches.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Skipped(string policy, string reason) =>
        _skips.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("reason", reason));

    public void Evaluated(string policy) => _evaluations.Add(1, new KeyValuePair<string, object?>("policy", policy));
}

namespace Orleans.DynamicDb.Alerts;

/// <summary>The event names of alerts (the <c>event</c> field and the <c>X-DynDb-Event</c> header).</summary>
public static class AlertEvents
{
    /// <summary>A replication group engine failed over to a new primary.</summary>
    public const string EngineFailover = "engine.failover";

    /// <summary>A failover of a replication group engine was decided and failed.</summary>
    public const string EngineFailoverFailed = "engine.failover_failed";

    /// <summary>A switch of a database to another engine failed.</summary>
    public const string SwitchFailed = "switch.failed";

    /// <summary>A switch of a database was rolled back (the database stayed on, or went back to, its engine).</summary>
    public const string SwitchRolledBack = "switch.rolled_back";

    /// <summary>A switching policy asked for a database to move.</summary>
    public const string PolicySwitch = "policy.switch";

    /// <summary>The auto-scaler of a replication group engine decided to add a hot standby (a warning; published before it acts).</summary>
    public const string EngineScaledUp = "engine.scaled_up";

    /// <summary>The auto-scaler of a replication group engine decided to remove an auto-added standby (a warning; published before it acts).</summary>
    public const string EngineScaledDown = "engine.scaled_down";

    /// <summary>The critical events: what a webhook without an <c>Events</c> list receives.</summary>
    public static readonly IReadOnlySet<string> Critical = new HashSet<string>(StringComparer.Ordinal)
    {
        EngineFailover, EngineFailoverFailed, SwitchFailed, SwitchRolledBack, PolicySwitch,
    };

    /// <summary>Every event a webhook may list in its <c>Events</c>: the critical ones and the auto-scaler's warnings.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(Critical.Append(EngineScaledUp).Append(EngineScaledDown), StringComparer.Ordinal);
}

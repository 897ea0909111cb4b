namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>
/// Auto-scaling of a <c>postgres-ha</c> group's hot standbys, bound from <c>DynamicDb:Engines:N:AutoScale:*</c> (docs/tiers.md,
/// "Auto-scaling"). The load of a standby is its active client backends; when the standbys' average stays at or above
/// <see cref="ScaleUpLoad"/> for <see cref="Sustain"/> a standby is added (up to <see cref="MaxStandbys"/>), when it stays
/// below <see cref="ScaleDownLoad"/> for <see cref="Sustain"/> the most recently auto-added standby is removed (down to
/// <see cref="MinStandbys"/>), at most one change per <see cref="Cooldown"/>.
/// </summary>
public sealed class AutoScaleOptions
{
    /// <summary>True to let the engine add and remove standbys by itself. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The fewest standbys auto-scaling leaves (never fewer than the engine's <c>Replicas</c>), 1–4. Default: 1.</summary>
    public int MinStandbys { get; set; } = 1;

    /// <summary>The most standbys auto-scaling adds up to, <see cref="MinStandbys"/>–4. Default: 4.</summary>
    public int MaxStandbys { get; set; } = ReplicationGroupOptions.MaxReplicas;

    /// <summary>The average active client backends per standby at or above which the standbys count as overloaded. Default: 8.</summary>
    public double ScaleUpLoad { get; set; } = 8;

    /// <summary>The average active client backends per standby below which a standby may go; less than <see cref="ScaleUpLoad"/>. Default: 2.</summary>
    public double ScaleDownLoad { get; set; } = 2;

    /// <summary>How long the load must stay beyond a threshold before a standby is added or removed. Default: 30 seconds.</summary>
    public TimeSpan Sustain { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The least time between two changes (and after one, before the load is judged again). Default: 60 seconds.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the standbys' load is sampled. Default: 2 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
}

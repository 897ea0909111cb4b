namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// Admission control by tier (docs/tiers.md, "Admission"): each engine runs at most <see cref="SlotsPerEngine"/>
/// statements at once on this silo; the rest wait in a bounded queue per tier, served by weighted fair queueing.
/// </summary>
public sealed class TierAdmissionOptions
{
    public const string SectionName = "DynamicDb:Tiers:Admission";

    /// <summary>Whether statements are admitted by tier at all. Default: true. False: every statement runs at once.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Statements that may run at once per engine on this silo (1–4000). Default: 32 (a PostgreSQL pool's worth).</summary>
    public int SlotsPerEngine { get; set; } = 32;

    /// <summary>
    /// Slots of each engine that only High statements may use (0 to <see cref="SlotsPerEngine"/> − 1): other tiers leave
    /// at least this many free for High. Default: 4.
    /// </summary>
    public int ReservedHigh { get; set; } = 4;

    /// <summary>
    /// The share of freed slots each tier's queue gets while statements wait (weighted fair queueing, 1–1000 each).
    /// Default: High 8, Medium 4, Low 2, Background 1 — every tier keeps a minimum share, so none starves.
    /// </summary>
    public TierValues Weights { get; set; } = new(high: 8, medium: 4, low: 2, background: 1);

    /// <summary>
    /// The most statements of each tier that may wait per engine (0–10000; 0: never wait, answer busy at once). A
    /// statement that finds its queue full fails with <c>admission.busy</c>. Default: High 1000, Medium 1000, Low 1000,
    /// Background 500 (a waiter costs a few hundred bytes; one client with a few hundred requests in flight must not
    /// be refused on an otherwise quiet engine).
    /// </summary>
    public TierValues QueueLimit { get; set; } = new(high: 1000, medium: 1000, low: 1000, background: 500);

    /// <summary>The longest a statement waits for a slot before it fails with <c>admission.busy</c> (up to 5 minutes). Default: 5 seconds.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While statements of another tier wait, Background statements may hold at most this many slots per engine (at least
    /// 1; at or above <see cref="SlotsPerEngine"/> it never throttles): Background is throttled first. Default: 4.
    /// </summary>
    public int BackgroundMaxSlots { get; set; } = 4;

    /// <summary>
    /// Whether the slots Low and Background may hold adapt to High's observed statement latency (docs/tiers.md, "Adaptive
    /// limit"): they start at <see cref="MinLowSlots"/> (Background at 1), shrink while High's mean latency is above its
    /// quiet baseline × (1 + <see cref="AdaptiveTolerance"/>), grow while it is not and Low or Background press against
    /// them, and decay after half a minute of intervals without that demand. Default: true. False: Low and Background may
    /// always use <c>SlotsPerEngine − ReservedHigh</c> slots.
    /// </summary>
    public bool Adaptive { get; set; } = true;

    /// <summary>How far (a share, 0.01–10) High's mean latency may rise above its quiet baseline before the lower tiers' limit shrinks. Default: 0.25.</summary>
    public double AdaptiveTolerance { get; set; } = 0.25;

    /// <summary>
    /// The fewest slots the adaptive limit leaves Low and Background together (1 to <c>SlotsPerEngine − ReservedHigh</c>),
    /// so Low is never starved; they share them by their weights; the limit starts here. Default: 1.
    /// </summary>
    public int MinLowSlots { get; set; } = 1;

    /// <summary>How often the adaptive limit looks at High's latency (50 ms to 1 minute). Default: 1 second.</summary>
    public TimeSpan AdaptInterval { get; set; } = TimeSpan.FromSeconds(1);
}

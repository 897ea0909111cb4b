namespace Orleans.DynamicDb.Engines.Ha.AutoScale;

/// <summary>
/// The load of a replication group's standbys as last sampled (by the engine's auto-scaler, every
/// <see cref="AutoScaleOptions.Interval"/>): per standby, its active client backends (<c>pg_stat_activity</c> rows with
/// <c>state = 'active'</c>, not counting the sampler or replication). Read it through
/// <see cref="HaPostgresEngine.MemberLoads"/> to send new connections to less-loaded members first; a member missing
/// from <see cref="Active"/> was not sampled (not running, or not a standby).
/// </summary>
/// <param name="At">When the sample was taken; <see cref="DateTimeOffset.MinValue"/> before the first.</param>
/// <param name="Active">Active client backends by standby name.</param>
public sealed record MemberLoads(DateTimeOffset At, IReadOnlyDictionary<string, int> Active)
{
    /// <summary>No sample yet.</summary>
    public static MemberLoads None { get; } = new(DateTimeOffset.MinValue, new Dictionary<string, int>(StringComparer.Ordinal));

    /// <summary>The average active backends per sampled standby; null when none was sampled.</summary>
    public double? Average => Active.Count == 0 ? null : Active.Values.Average();

    /// <summary>
    /// <paramref name="candidates"/> ordered least-loaded first (unsampled members last, keeping their order among equals),
    /// the order in which new connections should try them.
    /// </summary>
    public IReadOnlyList<string> LeastLoadedFirst(IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Select((name, index) => (name, index, load: Active.TryGetValue(name, out var n) ? n : int.MaxValue))
            .OrderBy(c => c.load).ThenBy(c => c.index).Select(c => c.name).ToList();
    }
}

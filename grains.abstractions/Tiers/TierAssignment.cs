namespace Orleans.DynamicDb.Tiers;

/// <summary>A session's tier and why it has it.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Source"><see cref="TierSources.Rule"/>, <see cref="TierSources.Model"/> or <see cref="TierSources.Default"/>.</param>
/// <param name="Confidence">The model's probability of <paramref name="Tier"/> (0–1); 1 for a rule, 0 for the default.</param>
/// <param name="Rule">The matching rule's index in <c>DynamicDb:Tiers:Rules</c>, for a rule; otherwise null.</param>
/// <param name="At">When the session got this tier.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.TierAssignment")]
public sealed record TierAssignment(Tier Tier, string Source, double Confidence, int? Rule, DateTimeOffset At)
{
    /// <summary>The tier of a session nothing is known about: <see cref="Tier.Medium"/>, from <see cref="TierSources.Default"/>.</summary>
    public static TierAssignment Default { get; } = new(Tier.Medium, TierSources.Default, 0, null, DateTimeOffset.UnixEpoch);
}

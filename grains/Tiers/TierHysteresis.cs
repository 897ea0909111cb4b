namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// One session's tier over time. The first classification, a rule (matching, changing or ending) and the loss of the
/// model apply at once; between two model scorings a session moves only when the new tier is more probable than its
/// current one by <see cref="TierOptions.SwitchMargin"/> and has been so for <see cref="TierOptions.MinDwell"/>, so
/// a session near a boundary does not flap.
/// </summary>
internal sealed class TierHysteresis(TierOptions options)
{
    private Tier? _candidate;
    private DateTimeOffset _candidateSince;

    /// <summary>The tier now; null before the first classification.</summary>
    public TierAssignment? Current { get; private set; }

    /// <summary>Takes <paramref name="decision"/> made at <paramref name="now"/>; true when the session's tier changed.</summary>
    public bool Apply(TierDecision decision, DateTimeOffset now)
    {
        var current = Current;
        var next = decision.Assignment;
        if (current is null || next.Source != TierSources.Model || current.Source != TierSources.Model || decision.Scores is not { } scores)
        {
            _candidate = null;
            if (current is not null && current.Tier == next.Tier && current.Source == next.Source && current.Rule == next.Rule)
            {
                return false;
            }

            Current = next;
            return current is null || current.Tier != next.Tier;
        }

        if (next.Tier == current.Tier || scores[next.Tier] - scores[current.Tier] < options.SwitchMargin)
        {
            // The current tier still holds (or the winner does not beat it by the margin): its confidence is updated.
            _candidate = null;
            Current = current with { Confidence = scores[current.Tier] };
            return false;
        }

        if (_candidate != next.Tier)
        {
            _candidate = next.Tier;
            _candidateSince = now;
        }

        if (now - _candidateSince < options.MinDwell)
        {
            return false;
        }

        _candidate = null;
        Current = next with { At = now };
        return true;
    }
}

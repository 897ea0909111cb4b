using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Sessions;

/// <summary>
/// The session's tier (docs/tiers.md): classified when it opens, re-scored as reports arrive (at most every
/// <c>DynamicDb:Tiers:RescoreInterval</c>, at once when its settings change, so a rule on <c>application_name</c> applies at
/// once), moved only through <see cref="TierHysteresis"/>; each change goes to the registry and to the connection.
/// </summary>
internal sealed partial class SessionGrain
{
    private TierHysteresis? _tiers;
    private DateTimeOffset _scoredAt;

    private void ClassifyOpened()
    {
        _tiers = new TierHysteresis(classifier.Options);
        _scoredAt = time.GetUtcNow();
        _tiers.Apply(classifier.Classify(Profile()), _scoredAt);
        TellConnection();
    }

    private void Rescore(bool settingsChanged)
    {
        var now = time.GetUtcNow();
        if (_tiers?.Current is not { } before || (!settingsChanged && now - _scoredAt < classifier.Options.RescoreInterval))
        {
            return;
        }

        _scoredAt = now;
        if (!_tiers.Apply(classifier.Classify(Profile()), now))
        {
            return;
        }

        var after = _tiers.Current!;
        var opening = _opening!;
        tierMetrics.Changed(before.Tier, after.Tier);
        LogTierChanged(logger, opening.Id, before.Tier, after.Tier, after.Source, after.Confidence);
        GrainFactory.ShardFor(opening.Id).UpsertAsync(Summary(opening, SessionStates.Open)).Ignore();
        TellConnection();
    }

    private void TellConnection()
    {
        if (_opening?.Connection is { } connection && _tiers?.Current is { } tier)
        {
            try
            {
                connection.TierChangedAsync(tier).Ignore();
            }
            catch (Exception e) when (e is OrleansException or InvalidOperationException)
            {
                // The silo that holds it is gone: so is the connection.
            }
        }
    }
}

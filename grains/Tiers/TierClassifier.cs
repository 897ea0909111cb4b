using System.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Sessions;

namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// Gives a session its tier: the first matching rule of <c>DynamicDb:Tiers:Rules</c> (source <c>rule</c>, confidence 1),
/// else the model's most probable tier (source <c>model</c>), else <see cref="TierAssignment.Default"/>. Stateless and
/// thread-safe: the session grain scores with it as reports arrive, the silo at connect time.
/// </summary>
public sealed class TierClassifier
{
    private readonly (TierRule Rule, Tier Tier)[] _rules;
    private readonly TierOptions _options;
    private readonly TierModelSource _models;
    private readonly TierMetrics _metrics;
    private readonly TimeProvider _time;

    public TierClassifier(IOptions<TierOptions> options, TierModelSource models, TierMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _models = models;
        _metrics = metrics;
        _time = time;
        _rules = [.. _options.Rules.Select(r => (Rule: r, Ok: TierRule.TryParseTier(r.Tier, out var tier), Tier: tier)).Where(r => r.Ok && r.Rule.HasMatch).Select(r => (r.Rule, r.Tier))];
    }

    /// <summary>The settings.</summary>
    public TierOptions Options => _options;

    /// <summary>True when a model is loaded.</summary>
    public bool HasModel => _models.Get(_options) is not null;

    /// <summary>The tier of <paramref name="profile"/> now.</summary>
    public TierDecision Classify(SessionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var now = _time.GetUtcNow();
        for (var i = 0; i < _rules.Length; i++)
        {
            if (_rules[i].Rule.Matches(profile.App, profile.User, profile.ApplicationName, profile.Database))
            {
                return new TierDecision(new TierAssignment(_rules[i].Tier, TierSources.Rule, 1, _options.Rules.IndexOf(_rules[i].Rule), now), null);
            }
        }

        if (profile.Load.Statements < _options.MinStatements || _models.Get(_options) is not { } model)
        {
            return new TierDecision(TierAssignment.Default with { At = now }, null);
        }

        var started = Stopwatch.GetTimestamp();
        var scores = model.Score(TierFeatures.From(profile));
        _metrics.Scored(Stopwatch.GetElapsedTime(started));
        var best = scores.Best;
        return new TierDecision(new TierAssignment(best, TierSources.Model, scores[best], null, now), scores);
    }

    /// <summary>
    /// The tier of a session that has just opened (nothing ran yet): what the silo stamps on its first statements,
    /// and the same answer its grain gives when it opens.
    /// </summary>
    public TierDecision ClassifyOpening(SessionOpening opening, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return Classify(Opened(opening, settings ?? new Dictionary<string, string>()));
    }

    /// <summary>The profile of <paramref name="opening"/> before its first statement.</summary>
    public static SessionProfile Opened(SessionOpening opening, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(settings);
        return new SessionProfile(
            opening.Id, opening.Protocol, SessionStates.Open, opening.App, opening.Database, opening.User, opening.ClientAddress, opening.ClientPort,
            opening.Host, opening.Privilege, opening.CredentialId, opening.ClientSessionId, settings.GetValueOrDefault("application_name"), settings,
            opening.OpenedAt, opening.OpenedAt, null, null, Empty);
    }

    private static readonly SessionLoad Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

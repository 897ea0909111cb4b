using Microsoft.Extensions.Logging.Abstractions;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;
using Clock = Orleans.DynamicDb.TestInfrastructure.ManualTimeProvider;

namespace Orleans.DynamicDb.Grains.Tests.Tiers.Admission;

/// <summary>A <see cref="TierAdmission"/> on a manual clock, for the pure-logic tests of admission control.</summary>
internal sealed class AdmissionHarness
{
    public const string Engine = "pg";

    /// <summary>How long a granted wait may take to reach its caller (its continuation runs on the thread pool).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public AdmissionHarness(Action<TierAdmissionOptions>? configure = null)
    {
        Options = new TierAdmissionOptions();
        configure?.Invoke(Options);
        Admission = new TierAdmission(Microsoft.Extensions.Options.Options.Create(Options), Clock, metrics: null, NullLogger<TierAdmission>.Instance);
    }

    public TierAdmissionOptions Options { get; }

    public Clock Clock { get; } = new();

    public TierAdmission Admission { get; }

    /// <summary>Asks for a slot; the returned task is complete when it was granted (or refused) at once.</summary>
    public Task<AdmissionLease> Enter(Tier tier, CancellationToken cancellationToken = default) =>
        Admission.EnterAsync(Engine, tier, cancellationToken).AsTask();

    /// <summary>Takes a slot that must be free now.</summary>
    public AdmissionLease Take(Tier tier)
    {
        var entering = Enter(tier);
        Assert.True(entering.IsCompletedSuccessfully, $"A {tier} statement was not admitted at once: {Describe()}");
        return entering.Result;
    }

    public EngineAdmissionStatus Status => Assert.Single(Admission.Status());

    public TierAdmissionStatus Of(Tier tier) => Status.Tiers[(int)tier];

    public string Describe() => Admission.Status() is [var s]
        ? $"in flight {s.InFlight}, queued {s.Queued}: " + string.Join(", ", s.Tiers.Select(t => $"{t.Tier} {t.InFlight}/{t.Queued}"))
        : "no engine state";
}

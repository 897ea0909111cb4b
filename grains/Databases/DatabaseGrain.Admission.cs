using Microsoft.Extensions.DependencyInjection;
using Orleans.DynamicDb.Tiers;
using Orleans.DynamicDb.Tiers.Admission;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// Admission by tier (docs/tiers.md, "Admission"): every tenant statement (exec, query, the first page of a paged query,
/// a batch transaction, a statement inside an interactive transaction) holds a slot of the database's engine while it
/// runs, taken after the statement gate and before the statement's own timeout starts. Transaction ends (COMMIT,
/// ROLLBACK, ROLLBACK TO) and the grain's internal statements (catalog, switch copies, probes) never queue.
/// </summary>
internal sealed partial class DatabaseGrain
{
    private TierAdmission? _admission;

    /// <summary>The silo's admission control (none outside a silo that registered it).</summary>
    private TierAdmission? Admission => _admission ??= ServiceProvider.GetService<TierAdmission>();

    /// <summary>
    /// A slot of <paramref name="engineId"/> (default: the database's engine) for a statement of <paramref name="tier"/>;
    /// dispose it when the statement ends. Throws <c>admission.busy</c> when it cannot have one: nothing ran.
    /// </summary>
    private ValueTask<AdmissionLease> AdmitAsync(Tier tier, CancellationToken cancellationToken, string? engineId = null) =>
        Admission is { } admission && (engineId ?? _engine?.Id ?? _info?.Engine) is { } engine
            ? admission.EnterAsync(engine, tier, cancellationToken)
            : default;
}

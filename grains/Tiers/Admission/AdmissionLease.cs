namespace Orleans.DynamicDb.Tiers.Admission;

/// <summary>
/// A statement's slot on an engine (<see cref="TierAdmission.EnterAsync"/>): dispose it once, when the statement ends, on
/// every path. The default lease (admission off) holds nothing.
/// </summary>
public readonly struct AdmissionLease : IDisposable
{
    private readonly EngineAdmission? _engine;
    private readonly Tier _tier;
    private readonly long _enqueuedAt;
    private readonly long _admittedAt;

    internal AdmissionLease(EngineAdmission engine, Tier tier, long enqueuedAt, long admittedAt) =>
        (_engine, _tier, _enqueuedAt, _admittedAt) = (engine, tier, enqueuedAt, admittedAt);

    /// <summary>True when the lease holds a slot (admission is on).</summary>
    public bool HoldsSlot => _engine is not null;

    public void Dispose() => _engine?.Release(_tier, _enqueuedAt, _admittedAt);
}

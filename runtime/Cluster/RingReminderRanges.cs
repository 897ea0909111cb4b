using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Cluster;

/// <summary>This silo's slices of the reminder table: its ranges on the consistent ring of active silos, updated as membership changes.</summary>
internal sealed class RingReminderRanges : IReminderRanges, IDisposable
{
    private readonly MembershipAgent _agent;
    private IReadOnlyList<(uint Begin, uint End)> _owned = [];

    public RingReminderRanges(MembershipAgent agent)
    {
        _agent = agent;
        _agent.Changed += OnMembershipChanged;
        OnMembershipChanged(agent.Snapshot);
    }

    public event Action? Changed;

    public IReadOnlyList<(uint Begin, uint End)> Owned => Volatile.Read(ref _owned);

    public void Dispose() => _agent.Changed -= OnMembershipChanged;

    private void OnMembershipChanged(MembershipSnapshot snapshot)
    {
        if (snapshot.ActiveSilos.Count == 0)
        {
            return;
        }

        var next = snapshot.Ring.RangesOf(_agent.Self);
        if (!next.SequenceEqual(Owned))
        {
            Volatile.Write(ref _owned, next);
            Changed?.Invoke();
        }
    }
}

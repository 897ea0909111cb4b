namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// A consistent hash ring over the active silos, with virtual nodes so each silo owns about the same share. Used to
/// split reminders across silos (each silo reads the ranges it owns) and for hash-based placement. Every silo that
/// sees the same set of active silos computes the same ring.
/// </summary>
public sealed class ConsistentRing
{
    /// <summary>Default virtual nodes per silo: enough for an even split of a few silos, cheap to compute.</summary>
    public const int DefaultVirtualNodes = 32;

    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    public ConsistentRing(IEnumerable<SiloAddress> silos, int virtualNodes = DefaultVirtualNodes)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        var nodes = silos.Distinct()
            .SelectMany(silo => Enumerable.Range(0, virtualNodes).Select(i => (Point: StableHash.Compute($"{silo.ToParsableString()}#{i}"), Silo: silo)))
            .OrderBy(n => n.Point)
            .ThenBy(n => n.Silo.ToParsableString(), StringComparer.Ordinal)
            .ToArray();
        _points = [.. nodes.Select(n => n.Point)];
        _owners = [.. nodes.Select(n => n.Silo)];
        Silos = [.. _owners.Distinct().OrderBy(s => s.ToParsableString(), StringComparer.Ordinal)];
    }

    /// <summary>The silos on the ring, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> Silos { get; }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The silo that owns <paramref name="hash"/>: the first virtual node at or after it, wrapping around.</summary>
    public SiloAddress OwnerOf(uint hash)
    {
        if (IsEmpty)
        {
            throw new InvalidOperationException("The ring has no silos.");
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    /// <summary>
    /// The ranges (begin, end] of the hash space owned by <paramref name="silo"/>, in the form IReminderTable.ReadRows
    /// takes (a range whose begin is greater than its end wraps around zero). A silo alone on the ring owns the whole
    /// space, returned as the single range (0, 0] that ReadRows reads as "every row".
    /// </summary>
    public IReadOnlyList<(uint Begin, uint End)> RangesOf(SiloAddress silo)
    {
        if (Silos.Count == 1 && Silos[0] == silo)
        {
            return [(0u, 0u)];
        }

        var ranges = new List<(uint, uint)>();
        for (var i = 0; i < _points.Length; i++)
        {
            if (_owners[i] == silo)
            {
                var previous = _points[i == 0 ? _points.Length - 1 : i - 1];
                if (previous != _points[i])
                {
                    ranges.Add((previous, _points[i]));
                }
            }
        }

        return ranges;
    }

    /// <summary>True when <paramref name="hash"/> lies in (begin, end] with IReminderTable's wrap-around rule.</summary>
    public static bool InRange(uint hash, uint begin, uint end) =>
        begin == end || (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);
}

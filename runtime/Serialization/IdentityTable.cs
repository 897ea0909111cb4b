namespace Orleans.DynamicDb.Runtime.Serialization;

/// <summary>
/// Objects numbered in the order they were added, found by reference. Most messages hold a handful of objects
/// and types, so the first ones are found by a linear scan; a dictionary takes over beyond that.
/// </summary>
internal sealed class IdentityTable<T>
    where T : class
{
    private const int LinearLimit = 16;
    private const int KeptCapacity = 1024;

    private readonly T?[] _first = new T?[LinearLimit];
    private Dictionary<T, int>? _rest;
    private int _count;

    public int Count => _count;

    /// <summary>The number given to <paramref name="item"/>, or -1.</summary>
    public int IndexOf(T item)
    {
        var linear = Math.Min(_count, LinearLimit);
        for (var i = 0; i < linear; i++)
        {
            if (ReferenceEquals(_first[i], item))
            {
                return i;
            }
        }

        return _count > LinearLimit && _rest!.TryGetValue(item, out var index) ? index : -1;
    }

    /// <summary>Adds an item not in the table yet and returns its number.</summary>
    public int Add(T item)
    {
        if (_count < LinearLimit)
        {
            _first[_count] = item;
        }
        else
        {
            _rest ??= new Dictionary<T, int>(ReferenceEqualityComparer.Instance);
            _rest.Add(item, _count);
        }

        return _count++;
    }

    public void Clear()
    {
        Array.Clear(_first, 0, Math.Min(_count, LinearLimit));
        if (_rest is { } rest)
        {
            var large = rest.Count > KeptCapacity;
            rest.Clear();
            if (large)
            {
                _rest = null;
            }
        }

        _count = 0;
    }
}

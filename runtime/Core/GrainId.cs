using System.Globalization;

namespace Orleans.DynamicDb.Runtime;

/// <summary>
/// The identity of a grain: its grain type (the implementation's short name, e.g. "database") and its key.
/// Integer and Guid keys are stored in their invariant string form, so every key kind shares one shape.
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    private readonly int _hash;

    public GrainId(string type, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    /// <summary>The grain type name, e.g. "database".</summary>
    public string Type { get; }

    /// <summary>The grain key as a string.</summary>
    public string Key { get; }

    /// <summary>True for the default value, which names no grain.</summary>
    public bool IsDefault => Type is null;

    /// <summary>A stable hash (the same on every process), used to partition reminders and place grains.</summary>
    public uint GetUniformHashCode() => StableHash.Compute(Type, Key);

    public static GrainId Create(string type, Guid key) => new(type, key.ToString("N"));

    public static GrainId Create(string type, long key) => new(type, key.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses the "{type}/{key}" form produced by <see cref="ToString"/>.</summary>
    public static GrainId Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new FormatException($"'{value}' is not a grain id: expected '{{type}}/{{key}}'.");
        }

        return new GrainId(value[..slash], value[(slash + 1)..]);
    }

    public bool Equals(GrainId other) => _hash == other._hash && string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}

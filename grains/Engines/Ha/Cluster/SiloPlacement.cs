using Orleans.Placement;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// Places a grain on the silo its key names: keys are <c>{anything}/{silo}</c> with the silo written as
/// <see cref="SiloAddress.ToParsableString"/> does. Activation fails while that silo is not an active member of the
/// cluster (see <see cref="SiloPlacementDirector"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SiloPlacement")]
public sealed class SiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloPlacement Instance { get; } = new();

    /// <summary>The key of the grain for <paramref name="owner"/> on <paramref name="silo"/>.</summary>
    public static string Key(string owner, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return Key(owner, silo.ToParsableString());
    }

    /// <summary>The key of the grain for <paramref name="owner"/> on the silo written <paramref name="silo"/>.</summary>
    public static string Key(string owner, string silo) => $"{owner}/{silo}";

    /// <summary>The silo a key names, or null when it names none.</summary>
    public static SiloAddress? SiloOf(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        try
        {
            return SiloAddress.FromParsableString(key[(slash + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Marks a grain class as placed on the silo its key names (<see cref="SiloPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPlacementAttribute : PlacementAttribute
{
    /// <summary>Uses <see cref="SiloPlacement.Instance"/>.</summary>
    public SiloPlacementAttribute()
        : base(SiloPlacement.Instance)
    {
    }
}

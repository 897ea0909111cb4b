using System.Globalization;
using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime;

/// <summary>Key accessors for grains and grain references, as in Orleans.</summary>
public static class GrainExtensions
{
    /// <summary>The id of a grain instance or grain reference.</summary>
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        Grain g => g.GrainContext.GrainId,
        GrainReference r => r.GrainId,
        _ => throw new ArgumentException($"'{grain?.GetType().FullName}' is neither a grain nor a grain reference.", nameof(grain)),
    };

    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable grain)
    {
        var key = grain.GetGrainId().Key;
        return Guid.TryParseExact(key, "N", out var guid) ? guid : throw new InvalidOperationException($"Grain key '{key}' is not a Guid key.");
    }

    public static long GetPrimaryKeyLong(this IAddressable grain)
    {
        var key = grain.GetGrainId().Key;
        return long.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new InvalidOperationException($"Grain key '{key}' is not an integer key.");
    }
}

using System.Globalization;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>Etags and etag conflicts shared by the grain storage providers.</summary>
internal static class GrainStorageEtag
{
    /// <summary>
    /// A fresh etag. A random GUID (not a counter) so a record that is cleared and written again never reuses an
    /// etag an older reader might still hold.
    /// </summary>
    public static string New() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);

    /// <summary>Throws unless the stored etag (null = no record) equals the one the grain holds.</summary>
    public static void Check(string provider, string operation, string stateName, GrainId grainId, string? storedEtag, string? currentEtag)
    {
        if (!string.Equals(storedEtag, currentEtag, StringComparison.Ordinal))
        {
            throw Conflict(provider, operation, stateName, grainId, storedEtag, currentEtag);
        }
    }

    public static InconsistentStateException Conflict(string provider, string operation, string stateName, GrainId grainId, string? storedEtag, string? currentEtag)
    {
        var message =
            $"Grain storage '{provider}' could not {operation} state '{stateName}' of grain '{grainId}': "
            + $"the stored etag is {Describe(storedEtag, "none (no record is stored)")} but the grain holds {Describe(currentEtag, "none (it expected no record)")}. "
            + "The record was changed by someone else since the grain last read it; read the state again and retry.";
        return new InconsistentStateException(message, storedEtag, currentEtag);
    }

    private static string Describe(string? etag, string whenNull) => etag is null ? whenNull : $"'{etag}'";
}

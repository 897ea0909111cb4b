namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The version of one cluster's membership table. Every successful <see cref="IMembershipTable.InsertRow"/> and
/// <see cref="IMembershipTable.UpdateRow"/> moves it to the next version with a fresh <see cref="VersionEtag"/>, so a
/// writer that read an older version loses.
/// </summary>
/// <param name="Version">Counts the successful writes since the table was initialised (0).</param>
/// <param name="VersionEtag">An opaque token of this exact version; empty when the table has not been initialised.</param>
public sealed record TableVersion(int Version, string VersionEtag)
{
    /// <summary>
    /// The version a write must carry after reading this one: <see cref="Version"/> + 1 with this version's etag.
    /// Pass it to <see cref="IMembershipTable.InsertRow"/> or <see cref="IMembershipTable.UpdateRow"/>.
    /// </summary>
    public TableVersion Next() => new(Version + 1, VersionEtag);

    public override string ToString() => $"{Version} ({VersionEtag})";
}

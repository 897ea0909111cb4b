namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>A consistent snapshot of a cluster's membership table: its rows (with their etags) and its version, read at once.</summary>
/// <param name="Members">The rows, ordered by silo address.</param>
/// <param name="Version">The table version the rows belong to.</param>
public sealed record MembershipTableData(IReadOnlyList<(MembershipEntry Entry, string Etag)> Members, TableVersion Version)
{
    /// <summary>The row of <paramref name="silo"/> and its etag, if the snapshot has one.</summary>
    public bool TryGet(SiloAddress silo, out MembershipEntry entry, out string etag)
    {
        foreach (var member in Members)
        {
            if (member.Entry.SiloAddress == silo)
            {
                (entry, etag) = member;
                return true;
            }
        }

        entry = null!;
        etag = string.Empty;
        return false;
    }
}

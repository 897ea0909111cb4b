namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The durable membership table of one cluster (the cluster id is given to the implementation when it is made; rows of
/// other clusters in the same store are invisible). Shaped like Orleans' <c>IMembershipTable</c>.
/// <para>
/// Concurrency: the table has a version (<see cref="TableVersion"/>). <see cref="InsertRow"/> and <see cref="UpdateRow"/>
/// are one atomic compare-and-swap on the table version and, for updates, the row's etag: the write succeeds only if
/// the stored version still has the etag and number the caller read (the caller passes <c>read.Version.Next()</c>) and
/// the row etag is still the one it read; it then stores the row with a fresh etag and moves the table to
/// <c>Version + 1</c> with a fresh version etag. Of several writers that read the same version, exactly one wins and
/// the others get <c>false</c> (no exception), re-read with <see cref="ReadAll"/> and decide again. That is what makes
/// "declare silo X dead" safe when two silos race to do it.
/// </para>
/// <para>
/// <see cref="UpdateIAmAlive"/>, <see cref="CleanupDefunctSiloEntries"/> and <see cref="DeleteMembershipTableEntries"/>
/// are not versioned: they neither check nor move the table version, and a heartbeat does not change the row etag, so
/// it never makes a pending compare-and-swap fail.
/// </para>
/// Failures of the store itself (unreachable server, ...) surface as exceptions; "lost the race" is always <c>false</c>.
/// </summary>
public interface IMembershipTable
{
    /// <summary>
    /// Prepares the store (creates tables where the store needs them) and, when <paramref name="tryInitTableVersion"/> is
    /// true, creates the cluster's table version (version 0) unless it exists. Idempotent and safe to call from every silo
    /// at once. Until some silo has initialised the version, reads return version 0 with an empty etag and every write fails.
    /// </summary>
    Task InitializeMembershipTable(bool tryInitTableVersion);

    /// <summary>Deletes every row and the table version of cluster <paramref name="clusterId"/> (any cluster of this store, not only this table's).</summary>
    Task DeleteMembershipTableEntries(string clusterId);

    /// <summary>
    /// Deletes the rows of silos that are not <see cref="SiloStatus.Active"/> and whose last sign of life (the later of
    /// <see cref="MembershipEntry.StartTime"/> and <see cref="MembershipEntry.IAmAliveTime"/>) is before
    /// <paramref name="beforeDate"/>. The table version is left alone.
    /// </summary>
    Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate);

    /// <summary>The row of <paramref name="key"/> (zero or one member) and the table version, read at once.</summary>
    Task<MembershipTableData> ReadRow(SiloAddress key);

    /// <summary>Every row of the cluster and the table version, read at once (a consistent snapshot).</summary>
    Task<MembershipTableData> ReadAll();

    /// <summary>
    /// Adds the row of a silo that has none, if the table is still at the version the caller read.
    /// </summary>
    /// <param name="entry">The new row.</param>
    /// <param name="tableVersion">The version read, advanced with <see cref="TableVersion.Next"/>.</param>
    /// <returns>True when stored; false when the silo already has a row or the table version moved on.</returns>
    Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion);

    /// <summary>
    /// Replaces the row of <c>entry.SiloAddress</c> (every field, <see cref="MembershipEntry.IAmAliveTime"/> included:
    /// pass on the value you read) if neither it nor the table changed since the caller read them.
    /// </summary>
    /// <param name="entry">The row's new content.</param>
    /// <param name="etag">The row etag read with it.</param>
    /// <param name="tableVersion">The version read, advanced with <see cref="TableVersion.Next"/>.</param>
    /// <returns>True when stored; false when the row is missing, its etag changed or the table version moved on.</returns>
    Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion);

    /// <summary>
    /// Writes <c>entry.IAmAliveTime</c> into the row of <c>entry.SiloAddress</c> and nothing else (no version or etag
    /// change). Does nothing when the silo has no row (e.g. it was cleaned up).
    /// </summary>
    Task UpdateIAmAlive(MembershipEntry entry);
}

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>Stable event ids of the membership tables' and grain directories' log lines (1200–1299).</summary>
public static class ClusteringEventIds
{
    public const int MembershipTableInitialized = 1200;
    public const int MembershipRowWritten = 1201;
    public const int MembershipWriteConflict = 1202;
    public const int DefunctEntriesRemoved = 1203;
    public const int ClusterEntriesDeleted = 1204;
    public const int RedisConnectionFailed = 1210;
    public const int RedisConnectionRestored = 1211;
    public const int DirectorySilosUnregistered = 1250;
    public const int DirectoryEntryReplaced = 1251;
}

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>Stable log event ids of the storage and reminder table providers (range 3000–3099).</summary>
internal static class StorageEventIds
{
    public const int TableCreated = 3000;
    public const int TableUpgraded = 3001;
}

namespace Orleans.DynamicDb.Providers;

/// <summary>
/// Every log event id of Orleans.DynamicDb.Providers, in one place so they stay unique and stable. The product's ranges:
/// runtime 1000–1999, grains 2000–2999, storage 3000–3099, silo 4000–4099, providers (Orleans storage and reminders) 5000–5099.
/// </summary>
internal static class EventIds
{
    public const int SchemaInstallStarted = 5000;
    public const int SchemaMigrationApplied = 5001;
    public const int SchemaUpToDate = 5002;
    public const int SchemaInstallFailed = 5003;
    public const int SchemaLockWaited = 5004;
}

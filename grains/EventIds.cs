namespace Orleans.DynamicDb;

/// <summary>
/// Every log event id of Orleans.DynamicDb.Grains, in one place so they stay unique and stable (dashboards and alerts
/// match on them). Ranges: 1000–1099 engines; grains take the next free hundreds.
/// </summary>
internal static class EventIds
{
    public const int DatabaseCreated = 1000;
    public const int DatabaseOpened = 1001;
    public const int DatabaseClosed = 1002;
    public const int DatabaseDropped = 1003;
    public const int InstanceStarted = 1010;
    public const int InstanceStopped = 1011;
    public const int InstanceAdopted = 1012;
    public const int InstanceStopFailed = 1013;
    public const int TemplateCreated = 1020;
    public const int EngineCreated = 1030;
}

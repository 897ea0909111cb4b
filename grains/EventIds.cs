namespace Orleans.DynamicDb;

/// <summary>
/// Every log event id of Orleans.DynamicDb.Grains, in one place so they stay unique and stable (dashboards and alerts
/// match on them). Ranges across the product: grains 2000–2999 (engines 2000–2099, databases 2100–2199, engine health 2200–2249, replication groups 2250–2259, statement safety across failover 2260–2269, postgres-ha engine 2270–2279, sqlite health 2280–2299, registered groups 2300–2319, groups spread over silos 2320–2339, breaker trigger and catalog 2340–2349, member weights 2350–2359), silo 4000–4099, providers 5000–5099.
/// </summary>
internal static class EventIds
{
    public const int DatabaseCreated = 2000;
    public const int DatabaseOpened = 2001;
    public const int DatabaseClosed = 2002;
    public const int DatabaseDropped = 2003;
    public const int InstanceStarted = 2010;
    public const int InstanceStopped = 2011;
    public const int InstanceAdopted = 2012;
    public const int InstanceStopFailed = 2013;
    public const int TemplateCreated = 2020;
    public const int EngineCreated = 2030;
    public const int TenantRoleCreated = 2040;
    public const int DatabaseMigratedToRole = 2041;
    public const int TenantStartupDone = 2042;
    public const int TenantStartupFailed = 2043;
    public const int TenantStartupSkipped = 2044;
    public const int TenantDatabaseRetried = 2045;
    public const int SqliteConnectionDiscarded = 2050;
    public const int SqliteTemporaryObjectsDiscarded = 2051;
    public const int WorkersStarted = 2060;
    public const int WorkersStopped = 2061;
    public const int SqliteIntegrityChecked = 2280;
    public const int SqliteDatabaseCorrupt = 2281;
    public const int GroupStarted = 2250;
    public const int GroupStopped = 2251;
    public const int GroupMemberStarted = 2252;
    public const int GroupMemberStopped = 2253;
    public const int GroupMemberFenced = 2254;
    public const int GroupPromoted = 2255;
    public const int GroupStandbyRepointed = 2256;
    public const int GroupMemberRebuilt = 2257;
    public const int GroupRewindFailed = 2258;
    public const int GroupPendingResumed = 2259;
    public const int FailoverRetrying = 2260;
    public const int WriteOutcomeResolved = 2261;
    public const int WriteOutcomeUnknown = 2262;
    public const int SyncStandbyWaitCancelled = 2263;
    public const int HaEngineStarted = 2270;
    public const int HaEngineStopped = 2271;
    public const int HaConnectionReopened = 2272;
    public const int HaEngineStartFailed = 2273;
    public const int HaSwitchedOver = 2274;
    public const int HaSwitchoverRepointFailed = 2275;
    public const int ClusterMemberStarted = 2320;
    public const int ClusterMemberFenced = 2321;
    public const int ClusterFolderSetAside = 2322;
    public const int ClusterGroupCreated = 2323;
    public const int ClusterMemberLost = 2324;
    public const int ClusterMemberRebuilt = 2325;
    public const int ClusterPromoted = 2326;
    public const int ClusterWatchFailed = 2327;
    public const int ClusterFenceSkipped = 2328;
    public const int ClusterLayoutRefreshFailed = 2329;
    public const int EngineFailoverDecided = 2230;
    public const int EngineFailedOver = 2231;
    public const int EngineFailoverFailed = 2232;
    public const int EngineFailoverSuppressed = 2233;
    public const int EngineFallbackFailed = 2234;
    public const int EngineMemberRejoined = 2235;
    public const int EngineSwitchedOver = 2236;
    public const int DatabaseWoke = 2100;
    public const int DatabaseHibernated = 2101;
    public const int DatabaseProvisioned = 2102;
    public const int DatabaseRemoved = 2103;
    public const int OrphanMoved = 2110;
    public const int OrphanScanDone = 2111;
    public const int CatalogFlushFailed = 2120;
    public const int DatabaseCloseFailed = 2121;
    public const int DatabaseActivationClaimed = 2122;
    public const int DatabaseActivationSuperseded = 2123;
    public const int DatabaseActivationEndFailed = 2124;
    public const int CursorClosed = 2130;
    public const int CursorCloseFailed = 2131;
    public const int CatalogCountFailed = 2140;
    public const int EngineWatching = 2200;
    public const int EngineStateChanged = 2201;
    public const int EngineCircuitChanged = 2202;
    public const int EngineDecisionNotPersisted = 2203;
    public const int EngineProbeRoundFailed = 2204;
    public const int EngineActivationFailed = 2210;
    public const int EngineOutcomesNotReported = 2220;
}

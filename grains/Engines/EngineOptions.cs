namespace Orleans.DynamicDb.Engines;

/// <summary>
/// One configured engine, an entry of the <c>DynamicDb:Engines</c> list. Settings that do not apply to the
/// <see cref="Kind"/> are ignored. Validated at start-up by <see cref="EngineOptionsValidator"/>.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>Default for <see cref="BinDirectory"/>.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>The engine id, unique in the silo: 1–63 characters from a–z, 0–9, '_' and '-'. Required.</summary>
    public string Id { get; set; } = "";

    /// <summary>One of <see cref="EngineKinds"/>: <c>sqlite</c>, <c>postgres</c>, <c>postgres-managed</c> or <c>postgres-ha</c>. Required.</summary>
    public string Kind { get; set; } = "";

    /// <summary>True for the engine new databases go to. At most one engine is the default; when none is, the first one is. Default: false.</summary>
    public bool Default { get; set; }

    /// <summary>
    /// sqlite, postgres-managed, postgres-ha: the folder holding one sub-folder per database (postgres-ha: one per group member) (relative paths are resolved against the
    /// current directory). Each engine needs its own. For postgres-managed, the <c>postgres</c> user must be able to
    /// traverse it. Default: <c>data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// postgres: a connection string to the server's maintenance database (e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres</c>),
    /// as a role allowed to create, rename and connect to databases. Required for postgres.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The longest a single statement may run before it fails with <c>sql.timeout</c>. Zero disables the limit. Default: 30 seconds.</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>sqlite: how long a statement waits for a lock held by another connection. Default: 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// sqlite: the size limits of tenant statements (SQL length, expression depth, LIKE pattern length, ...), bound from
    /// <c>SqliteLimits</c>. Default: see <see cref="Sqlite.SqliteLimitOptions"/>.
    /// </summary>
    public Sqlite.SqliteLimitOptions SqliteLimits { get; set; } = new();

    /// <summary>postgres, postgres-managed, postgres-ha: the most pooled server connections per open database. Default: 20.</summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// postgres, postgres-ha: short autocommit statements of the High and Medium tiers that neither change nor depend on
    /// session state (plain reads, see docs/engines.md "Shared pool") run on a second, shared pool per open database, where
    /// Npgsql multiplexing pipelines the statements of concurrent callers on a few server connections; everything else
    /// keeps the resetting pool of <see cref="MaxPoolSize"/>. Ignored by postgres-managed. Default: true.
    /// </summary>
    public bool SharedPool { get; set; } = true;

    /// <summary>
    /// postgres, postgres-ha: the most server connections of the shared pool (<see cref="SharedPool"/>) per open database
    /// (and per standby a database reads from), on top of <see cref="MaxPoolSize"/>. 1–100. Default: 4.
    /// </summary>
    public int SharedPoolSize { get; set; } = 4;

    /// <summary>
    /// postgres, postgres-ha: the CPU priority (Linux nice value, 0–19) of the server processes that run autocommit
    /// statements of the Low and Background tiers. Those statements run on a third pool per open database whose new
    /// server processes (backends) the silo renices with <c>setpriority</c> as they connect, so that on a busy machine
    /// High and Medium statements get the CPU first. Works where the server runs on the silo's machine (a loopback or
    /// Unix-socket host whose backend is visible in <c>/proc</c>) and the silo may renice it (same user as the server, or
    /// <c>CAP_SYS_NICE</c>); elsewhere the engine logs one warning and runs those statements on the normal pool. 0 turns
    /// it off. Default: 10.
    /// </summary>
    public int LowTierNice { get; set; } = 10;

    /// <summary>
    /// postgres-managed, postgres-ha: the folder with <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c> (postgres-ha also
    /// <c>pg_basebackup</c> and <c>pg_rewind</c>). Default: <c>/usr/lib/postgresql/15/bin</c>.
    /// </summary>
    public string BinDirectory { get; set; } = DefaultBinDirectory;

    /// <summary>postgres-managed, postgres-ha: the first loopback port instances (group members) may listen on. Default: 15432.</summary>
    public int PortRangeStart { get; set; } = 15432;

    /// <summary>postgres-managed, postgres-ha: the last loopback port instances (group members) may listen on (inclusive). Default: 15931.</summary>
    public int PortRangeEnd { get; set; } = 15931;

    /// <summary>postgres-managed: the most instances running at once; opening one more fails with <c>engine.unavailable</c>. Default: 100.</summary>
    public int MaxInstances { get; set; } = 100;

    /// <summary>postgres-managed, postgres-ha: the longest an instance (a group member, a promotion) may take to start or stop. Default: 60 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// postgres-ha: the synchronous standbys beside the primary, 0–4 (commits wait for any one of them; 0 is a single
    /// unreplicated server that cannot fail over). Default: 2.
    /// </summary>
    public int Replicas { get; set; } = 2;

    /// <summary>
    /// postgres-ha: each member's own weight, by member name (<c>DynamicDb:Engines:N:MemberWeights:m1=2.5</c>; names m0–m4,
    /// weights 0–1000). An emergency failover promotes, among the healthy standbys whose WAL reaches furthest, the one with
    /// the highest weight; auto-fallback returns to the highest-weighted member. A member not named here weighs what it was
    /// given when added at run time (<c>POST /v1/engines</c>), else the engine's <c>Health:Weight</c>. Default: empty.
    /// </summary>
    public Dictionary<string, double> MemberWeights { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// postgres-ha, registered group: the servers of a replication group someone else runs (2–5, bound from
    /// <c>Members:K:ConnectionString</c> and <c>Members:K:Name</c>), instead of <see cref="DataDirectory"/> and
    /// <see cref="Replicas"/>. The silo fails over with SQL only and fences a failed primary until its operator rebuilds it.
    /// Default: empty (the silo runs the group itself).
    /// </summary>
    public List<Ha.Registered.RegisteredMemberOptions> Members { get; set; } = [];

    /// <summary>
    /// postgres-ha with <see cref="Members"/>: the folder where the silo keeps the group's layout (<c>group.json</c>: primary,
    /// epoch, fenced members). Default: <c>{DynamicDb:DataDirectory}/engines/{Id}</c>, set by the silo.
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>
    /// postgres-ha (seed: <c>auto_fallback_interval</c>): after a failover the fenced former primary is rebuilt as a
    /// standby; once the highest-weighted member (the preferred primary, see <see cref="MemberWeights"/>; ties: m0 first) has been a rebuilt standby this long, and a
    /// grace period has passed since the last failover, the group switches back to it with a planned promotion. Zero
    /// disables both: fenced members stay fenced (never routed to) until an operator rebuilds them. Default: 120 seconds.
    /// </summary>
    public TimeSpan AutoFallbackInterval { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// sqlite: the engine's own threads that run all SQLite work (statements, cursor reads, opening, checkpoints), so a
    /// long statement never holds a thread of the .NET thread pool. Zero picks max(4, processor count). At most 256.
    /// Default: 0.
    /// </summary>
    public int WorkerThreads { get; set; }

    /// <summary>
    /// sqlite: the most worker threads the work of one application may keep busy at once; a free worker takes the waiting
    /// work of the application with the fewest busy workers, equal ones in turn (round-robin). Zero picks one less than
    /// <see cref="WorkerThreads"/> (at least 1), so one application's long statements always leave a worker to the
    /// others. Default: 0.
    /// </summary>
    public int MaxWorkersPerApp { get; set; }

    /// <summary>
    /// sqlite: the most operations of one application waiting for a worker; one more fails at once with
    /// <c>engine.unavailable</c> (transient). Default: 1000.
    /// </summary>
    public int MaxQueuedPerApp { get; set; } = 1000;

    /// <summary>
    /// How the engine watches itself: probe rounds, health thresholds and the circuit breaker, bound from
    /// <c>DynamicDb:Engines:N:Health:*</c>. Default: see <see cref="Health.EngineHealthOptions"/>.
    /// </summary>
    public Health.EngineHealthOptions Health { get; set; } = new();

    /// <summary>
    /// Replicated kinds: how statements survive a failover (retries, the bound on waiting for a synchronous standby),
    /// bound from <c>DynamicDb:Engines:N:Failover:*</c>. Default: see <see cref="Ha.Safety.FailoverOptions"/>.
    /// </summary>
    public Ha.Safety.FailoverOptions Failover { get; set; } = new();

    /// <summary>
    /// <c>postgres-ha</c>: the bounds of a planned switchover (how long statements are held at most), bound from
    /// <c>DynamicDb:Engines:N:Switchover:*</c>. Default: see <see cref="Ha.SwitchoverOptions"/>.
    /// </summary>
    public Ha.SwitchoverOptions Switchover { get; set; } = new();

    /// <summary>
    /// <c>postgres-ha</c> run by the silo: auto-scaling of the group's hot standbys by their load, bound from
    /// <c>DynamicDb:Engines:N:AutoScale:*</c>. Default: off (see <see cref="Ha.AutoScale.AutoScaleOptions"/>).
    /// </summary>
    public Ha.AutoScale.AutoScaleOptions AutoScale { get; set; } = new();

    /// <summary>The engine used when nothing is configured: embedded SQLite in <c>data</c>.</summary>
    public static EngineOptions EmbeddedDefault() => new() { Id = EngineKinds.Sqlite, Kind = EngineKinds.Sqlite, Default = true };
}

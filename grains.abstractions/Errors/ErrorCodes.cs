namespace Orleans.DynamicDb.Errors;

/// <summary>
/// The stable, machine-readable codes carried by <see cref="DynamicDbException.ErrorCode"/>. They are part of the public
/// contract (the HTTP gateway uses them as the problem <c>type</c>): add new ones, never rename or reuse one.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The database does not exist (and the operation does not create it).</summary>
    public const string DatabaseNotFound = "database.not_found";

    /// <summary>An application or database name breaks the naming rules.</summary>
    public const string DatabaseInvalidName = "database.invalid_name";

    /// <summary>The engine rejected the SQL text as malformed.</summary>
    public const string SqlSyntax = "sql.syntax";

    /// <summary>The engine failed to execute the SQL (missing table, constraint violation, type mismatch...).</summary>
    public const string SqlError = "sql.error";

    /// <summary>
    /// The statement uses a construct tenants may not use (ATTACH, VACUUM INTO, a non-allow-listed PRAGMA, transaction
    /// control outside the transaction API, ...); the message names the construct.
    /// </summary>
    public const string SqlNotAllowed = "sql.not_allowed";

    /// <summary>The statement ran longer than the configured statement timeout, or waited too long for a lock.</summary>
    public const string SqlTimeout = "sql.timeout";

    /// <summary>
    /// The database's files failed the engine's integrity check when it woke (SQLite: <c>PRAGMA quick_check</c>, or a file
    /// that is not a database). The database does not open; its files are left in place for repair or restore. Not transient.
    /// </summary>
    public const string DatabaseCorrupt = "database.corrupt";

    /// <summary>No engine with the requested id is configured.</summary>
    public const string EngineUnknown = "engine.unknown";

    /// <summary>The engine cannot serve the request right now (server down, capacity exhausted). Usually transient.</summary>
    public const string EngineUnavailable = "engine.unavailable";

    /// <summary>
    /// The database's activation that took the call found a newer activation of the same database recorded in the catalog
    /// (its activation epoch was superseded, e.g. after a cluster membership change): it refused to write and deactivated.
    /// Transient: retrying reaches the current activation.
    /// </summary>
    public const string ActivationSuperseded = "database.activation_superseded";

    /// <summary>The engine could not be started or prepared (missing binaries, unusable data directory...).</summary>
    public const string EngineStartFailed = "engine.start_failed";

    /// <summary>
    /// A replication group has no synchronous standby that can take over or acknowledge commits (none answers); writes
    /// are never silently made asynchronous instead. It clears when a standby returns, but a write that failed with it is not
    /// transient: its commit is on the primary only, so repeating it blindly could apply it twice.
    /// </summary>
    public const string EngineNoSyncStandby = "engine.no_sync_standby";

    /// <summary>A failover was refused because the chosen standby could miss acknowledged commits (it lags, or another standby cannot be asked).</summary>
    public const string EngineFailoverUnsafe = "engine.failover_unsafe";

    /// <summary>A replication group already has the most standbys it may have (4), so no member can be added.</summary>
    public const string EngineGroupFull = "engine.group_full";

    /// <summary>Removing a standby would leave a replication group fewer standbys than its minimum (its configured <c>Replicas</c>).</summary>
    public const string EngineGroupMinimum = "engine.group_minimum";

    /// <summary>The member asked to be removed is the replication group's primary (fail over first).</summary>
    public const string EngineMemberPrimary = "engine.member_primary";

    /// <summary>
    /// A write's connection was lost (e.g. in a failover) and whether it committed cannot be found out: it may or may not
    /// have been applied, so it is not retried (that could apply it twice). Not transient: check the data before
    /// repeating the write.
    /// </summary>
    public const string SqlOutcomeUnknown = "sql.outcome_unknown";

    /// <summary>The caller is not allowed to perform the operation.</summary>
    public const string AuthDenied = "auth.denied";

    /// <summary>
    /// The caller holds a read-only credential (<c>DynamicDb:Auth:ApiKeys:N:ReadOnly</c>, or a JWT with
    /// <c>read_only: true</c>) and asked for an operation that writes (exec, transaction, create, drop, DDL); the message
    /// names the credential's app.
    /// </summary>
    public const string AuthReadOnly = "auth.read_only";

    /// <summary>
    /// A statement run in read-only mode (a read-only credential, or a query with <c>"read_only": true</c>) tried to change
    /// data or schema; the engine refused it before anything was changed. The message names the database.
    /// </summary>
    public const string StatementReadOnly = "statement.read_only";

    /// <summary>The request exceeds a configured size limit.</summary>
    public const string RequestTooLarge = "request.too_large";

    /// <summary>The request is malformed (empty SQL, argument count not matching the placeholders...).</summary>
    public const string RequestInvalid = "request.invalid";

    /// <summary>No endpoint answers the request's path.</summary>
    public const string RequestNotFound = "request.not_found";

    /// <summary>The request's path exists, but not for its HTTP method.</summary>
    public const string RequestMethodNotAllowed = "request.method_not_allowed";

    /// <summary>
    /// A database cannot move to the requested engine: a table, column or type has no equivalent there (the message names
    /// each), a value does not fit the target's type (named with its table, column and row key), or the target has no
    /// room or is not empty. Nothing was changed.
    /// </summary>
    public const string SwitchRefused = "switch.refused";

    /// <summary>
    /// Something changed under a move (e.g. a table or column was created, altered or dropped while it was copied): the
    /// move stops and the database stays where it was. Retry the switch.
    /// </summary>
    public const string SwitchAborted = "switch.aborted";

    /// <summary>
    /// An engine switch cannot be started or decided in the state it is in: another switch of the database is running
    /// (the message names its id), or a pending request was already decided or expired (the message names its state).
    /// </summary>
    public const string SwitchConflict = "switch.conflict";

    /// <summary>No engine switch has the given id.</summary>
    public const string SwitchNotFound = "switch.not_found";

    /// <summary>
    /// The audit log (table <c>dyndb_audit</c> of the catalog database) could not be written or read. An administrative
    /// action that changes state is refused when its audit row cannot be written first. Transient: retry when the
    /// catalog database answers again.
    /// </summary>
    public const string AuditUnavailable = "audit.unavailable";

    /// <summary>
    /// A stored credential could not be decrypted: the ASP.NET Core Data Protection key ring that encrypted it is missing
    /// or different. The message names the secret (the file, the database whose tenant role it is, or the replication
    /// group) and the key ring (its folder, or the catalog table <c>dyndb_data_protection_keys</c>).
    /// </summary>
    public const string SecretUnreadable = "secret.unreadable";

    /// <summary>No switching policy has the name (<c>DELETE /v1/admin/policies/{name}</c>).</summary>
    public const string PolicyNotFound = "policy.not_found";

    /// <summary>
    /// The interactive transaction id is unknown to the database: never opened there, already committed or rolled back,
    /// or forgotten when the database hibernated or moved. The message names the id and the database.
    /// </summary>
    public const string TransactionNotFound = "transaction.not_found";

    /// <summary>
    /// The interactive transaction was rolled back by the platform, not by its client: idle past its timeout (the message
    /// names the setting <c>DynamicDb:Databases:TransactionIdleTimeout</c> or the timeout it was opened with), cut off by a
    /// switch, failover or drop of its database, or its server connection was lost. Nothing it wrote was kept.
    /// </summary>
    public const string TransactionAborted = "transaction.aborted";

    /// <summary>
    /// The database has as many interactive transactions open as it may (setting
    /// <c>DynamicDb:Databases:MaxOpenTransactions</c>); transient: retry when one ends.
    /// </summary>
    public const string TransactionLimit = "transaction.limit";

    /// <summary>No session has the id (<c>/v1/admin/sessions/{id}</c>): never opened, or forgotten after <c>DynamicDb:Sessions:RetainClosedFor</c>.</summary>
    public const string SessionNotFound = "session.not_found";

    /// <summary>The session is closed already, so it cannot be killed (<c>DELETE /v1/admin/sessions/{id}</c>).</summary>
    public const string SessionNotOpen = "session.not_open";

    /// <summary>
    /// Admission control has no slot and no queue room for the statement's tier on its engine (docs/tiers.md):
    /// transient, HTTP 503 with <c>Retry-After</c>, SQLSTATE 55P03 (an ERROR that keeps the connection) on the PG wire; nothing ran.
    /// </summary>
    public const string AdmissionBusy = "admission.busy";
}

using System.Runtime.CompilerServices;
using SQLitePCL;

namespace Orleans.DynamicDb.Engines.Sqlite;

/// <summary>
/// The statement policy of one physical SQLite connection (one <c>sqlite3</c> handle, kept across pooled opens): its
/// authorizer, what it refused last, and whether the statement running is the tenant's or the engine's own. Tenant is the
/// default, so any statement not explicitly run as the engine's is policed (<see cref="SqliteStatementPolicy"/>). A handle
/// is used by one thread at a time (the pool hands it to one <see cref="Microsoft.Data.Sqlite.SqliteConnection"/>).
/// </summary>
internal sealed class SqliteConnectionPolicy
{
    /// <summary>The <see cref="FindLeftoverState"/> reason for temporary objects: allowed to tenants, so not a warning.</summary>
    public const string TemporaryObjects = "the connection holds temporary tables, views, indexes or triggers";

    private static readonly ConditionalWeakTable<sqlite3, SqliteConnectionPolicy> Configured = [];
    private static readonly delegate_authorizer Authorizer = Authorize;

    private Mode _mode = Mode.Tenant;
    private (string Message, string Construct, bool ReadOnly)? _denied;

    private SqliteConnectionPolicy(SqliteLimitOptions limits) => Limits = limits;

    /// <summary>Who the statement being compiled belongs to.</summary>
    public enum Mode
    {
        /// <summary>A tenant statement: the full policy applies.</summary>
        Tenant,

        /// <summary>Microsoft.Data.Sqlite's BEGIN/COMMIT/ROLLBACK for the engine's own transaction: transaction control is allowed.</summary>
        TransactionControl,

        /// <summary>The engine's own statement (its pragmas, the checkpoint): everything is allowed.</summary>
        Engine,

        /// <summary>
        /// A tenant statement run read-only (<see cref="Databases.Statement.ReadOnly"/>): the full policy applies, and every
        /// action that is no read (<see cref="SqliteStatementPolicy.ReadsOnly"/>) is refused.
        /// </summary>
        ReadOnly,
    }

    /// <summary>The limits the connection was configured with (named in error messages).</summary>
    public SqliteLimitOptions Limits { get; }

    /// <summary>
    /// True while the connection runs an interactive transaction (<see cref="SqliteInteractiveTransaction"/>): tenant
    /// savepoints (<c>SAVEPOINT</c>, <c>RELEASE</c>, <c>ROLLBACK TO</c>) are allowed then, also in a read-only one (they
    /// write nothing). Every other transaction control stays refused. Cleared when the connection is checked out again.
    /// </summary>
    public bool AllowSavepoints { get; set; }

    /// <summary>True once a tenant statement created an object in the connection's <c>temp</c> schema.</summary>
    public bool HasTemporaryObjects { get; private set; }

    /// <summary>The policy of a configured handle, or null when the handle was never configured.</summary>
    public static SqliteConnectionPolicy? Of(sqlite3? db) => db is not null && Configured.TryGetValue(db, out var policy) ? policy : null;

    /// <summary>
    /// The policy of the handle, configuring the handle first when it is new: SQLite's defensive settings, the limits, the
    /// engine's pragmas (WAL, synchronous FULL, foreign keys, busy timeout), then the authorizer. Runs once per handle.
    /// </summary>
    public static SqliteConnectionPolicy Apply(sqlite3 db, EngineOptions options)
    {
        if (Configured.TryGetValue(db, out var policy))
        {
            policy.OnCheckout();
            return policy;
        }

        policy = new SqliteConnectionPolicy(options.SqliteLimits);
        SqliteConnectionSetup.Configure(db, options);
        Check(raw.sqlite3_set_authorizer(db, Authorizer, policy), db);
        Configured.AddOrUpdate(db, policy);
        return policy;
    }

    /// <summary>Runs the engine's own statements until disposed: nothing is refused.</summary>
    public Scope AsEngine() => Enter(Mode.Engine);

    /// <summary>
    /// Compiles tenant statements read-only until disposed: every write, DDL, writing pragma and temporary object is
    /// refused while SQLite compiles the statement, so nothing of it runs. Running a compiled read needs no scope.
    /// </summary>
    public Scope AsReadOnly() => Enter(Mode.ReadOnly);

    /// <summary>Lets Microsoft.Data.Sqlite begin, commit or roll back the engine's transaction until disposed.</summary>
    public Scope AllowTransactionControl() => Enter(Mode.TransactionControl);

    /// <summary>
    /// What the authorizer refused since the last call (a message naming the construct, its short name, and whether the
    /// refusal is of read-only mode), or null; clears it.
    /// </summary>
    public (string Message, string Construct, bool ReadOnly)? TakeDenial()
    {
        var denied = _denied;
        _denied = null;
        return denied;
    }

    /// <summary>Why the handle may not go back to the pool (a tenant left state on it), or null when it is clean.</summary>
    public string? FindLeftoverState(sqlite3 db)
    {
        if (SqliteNative.InTransaction(db))
        {
            return "a transaction is still open";
        }

        if (SqliteNative.HasAttachedDatabase(db))
        {
            return "a database is attached";
        }

        if (_mode != Mode.Tenant)
        {
            return "the engine's statement scope was not closed";
        }

        return SqliteConnectionSetup.FindChangedSetting(db) ?? (HasTemporaryObjects ? TemporaryObjects : null);
    }

    /// <summary>Throws the <see cref="Microsoft.Data.Sqlite.SqliteException"/> of a failed SQLite call (mapped like any other).</summary>
    internal static void Check(int rc, sqlite3 db) => Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);

    private static int Authorize(object userData, int action, utf8z arg1, utf8z arg2, utf8z database, utf8z trigger)
    {
        var policy = (SqliteConnectionPolicy)userData;
        if (action == SqliteStatementPolicy.Savepoint && policy.AllowSavepoints)
        {
            return raw.SQLITE_OK;
        }

        if (policy._mode == Mode.ReadOnly && !SqliteStatementPolicy.ReadsOnly(action))
        {
            policy._denied = (SqliteStatementPolicy.ReadOnlyRefusal(action, arg1.utf8_to_string()), SqliteStatementPolicy.ConstructOf(action), true);
            return raw.SQLITE_DENY;
        }

        if (action is SqliteStatementPolicy.CreateTempIndex or SqliteStatementPolicy.CreateTempTable
            or SqliteStatementPolicy.CreateTempTrigger or SqliteStatementPolicy.CreateTempView or SqliteStatementPolicy.CreateVirtualTable)
        {
            // Whoever makes it, a temporary object stays on the connection: it is not pooled again.
            policy.HasTemporaryObjects |= SqliteStatementPolicy.CreatesTemporaryObject(action, database.utf8_to_string());
            return raw.SQLITE_OK;
        }

        if (policy._mode == Mode.Engine
            || !SqliteStatementPolicy.Inspects(action)
            || (policy._mode == Mode.TransactionControl && action is SqliteStatementPolicy.Transaction or SqliteStatementPolicy.Savepoint))
        {
            return raw.SQLITE_OK;
        }

        var denied = SqliteStatementPolicy.Check(action, arg1.utf8_to_string(), arg2.utf8_to_string());
        if (denied is null)
        {
            return raw.SQLITE_OK;
        }

        policy._denied = (denied, SqliteStatementPolicy.ConstructOf(action), false);
        return raw.SQLITE_DENY;
    }

    private void OnCheckout()
    {
        _denied = null;
        _mode = Mode.Tenant;
        AllowSavepoints = false;
    }

    private Scope Enter(Mode mode)
    {
        var previous = _mode;
        _mode = mode;
        return new Scope(this, previous);
    }

    /// <summary>Restores the previous mode when disposed; the default scope changes nothing.</summary>
    public readonly struct Scope(SqliteConnectionPolicy policy, Mode previous) : IDisposable
    {
        /// <summary>True for a scope of <see cref="AsReadOnly"/>.</summary>
        public bool IsReadOnly => policy is not null && policy._mode == Mode.ReadOnly;

        public void Dispose()
        {
            if (policy is not null)
            {
                policy._mode = previous;
            }
        }
    }
}

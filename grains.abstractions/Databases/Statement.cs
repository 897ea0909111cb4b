using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Databases;

/// <summary>
/// A SQL text with positional <c>?</c> placeholders and their arguments, in order. A <c>?</c> inside quoted text or a
/// comment is not a placeholder; write <c>??</c> for a literal <c>?</c> operator (e.g. PostgreSQL's jsonb <c>?</c>).
/// Arguments are null, strings, booleans, integers, floating-point or decimal numbers, byte arrays, GUIDs or dates.
/// </summary>
[GenerateSerializer(IncludePrimaryConstructorParameters = false)]
[Immutable]
[Alias("dyndb.Statement")]
public sealed record Statement(string Sql, IReadOnlyList<object?> Args)
{
    /// <summary>A statement without arguments.</summary>
    public Statement(string sql)
        : this(sql, [])
    {
    }

    /// <summary>The SQL text; never empty.</summary>
    [Id(0)]
    public string Sql { get; } = !string.IsNullOrWhiteSpace(Sql)
        ? Sql
        : throw new DynamicDbException(ErrorCodes.RequestInvalid, "The SQL text of a statement must not be empty.");

    /// <summary>The positional arguments, one per <c>?</c> placeholder.</summary>
    [Id(1)]
    public IReadOnlyList<object?> Args { get; } = Args ?? [];

    /// <summary>
    /// True when the engine must run the statement read-only: SQLite's authorizer refuses every write, DDL and writing
    /// pragma while it compiles, PostgreSQL engines run it in a <c>READ ONLY</c> transaction (so a function that writes
    /// fails too). A refused statement fails with <see cref="ErrorCodes.StatementReadOnly"/> and changes nothing. Honoured
    /// by every call that runs a statement (query, paged query, exec, transaction). Default: false.
    /// </summary>
    [Id(2)]
    public bool ReadOnly { get; init; }

    /// <summary>
    /// The tier of the session that sent it (stamped by the frontends from the session's cached tier): admission queues
    /// and routes by it (docs/tiers.md). Default: <see cref="Tier.Medium"/>.
    /// </summary>
    [Id(3)]
    public Tier Tier { get; init; } = Tier.Medium;

    /// <summary>
    /// The session (PG-wire connection or HTTP client) that sent it, or null when unknown: read-your-writes routing
    /// keeps a session that just wrote on the primary until a standby has replayed that write.
    /// </summary>
    [Id(4)]
    public string? SessionId { get; init; }

    /// <summary>This statement, to be run read-only (see <see cref="ReadOnly"/>).</summary>
    public Statement AsReadOnly() => ReadOnly ? this : this with { ReadOnly = true };

    /// <summary>This statement, sent by session <paramref name="sessionId"/> of tier <paramref name="tier"/>.</summary>
    public Statement From(string? sessionId, Tier tier) =>
        Tier == tier && SessionId == sessionId ? this : this with { SessionId = sessionId, Tier = tier };

    /// <summary>A statement with its arguments listed inline: <c>Statement.Of("SELECT * FROM t WHERE id = ?", 42)</c>.</summary>
    public static Statement Of(string sql, params object?[] args) => new(sql, args);
}

using System.Text.RegularExpressions;
using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Answers the <c>pg_catalog</c> queries psql 15 sends for <c>\l</c>, <c>\d</c>, <c>\dt</c> (with or without a pattern)
/// and <c>\d NAME</c>, on a database whose engine has no <c>pg_catalog</c> (SQLite) — from <c>sqlite_master</c> and the
/// <c>pragma_table_info</c>, <c>pragma_index_list</c>/<c>pragma_index_info</c> and <c>pragma_foreign_key_list</c> functions,
/// run through the database's grain. <c>\l</c> is answered from the app's catalog on every engine, so a tenant never sees
/// the other databases of a shared PostgreSQL server. Any other <c>pg_catalog</c> query gets a clear 0A000 error.
/// </summary>
internal static partial class PsqlCatalogAnswers
{
    /// <summary>Oids of SQLite objects: this plus their rowid in <c>sqlite_master</c> (stable while the object exists).</summary>
    private const long OidBase = 16384;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs a SQLite query with positional '?' arguments through the database's grain.</summary>
    public delegate Task<QueryResult> Query(string sql, params object?[] args);

    /// <summary>True for psql's <c>\l</c> query (on <c>pg_catalog.pg_database</c>).</summary>
    public static bool IsDatabaseList(string sql)
    {
        var text = Compact(sql);
        return text.Contains("FROM pg_catalog.pg_database d", StringComparison.Ordinal) && text.Contains("d.datname as \"Name\"", StringComparison.Ordinal);
    }

    /// <summary>The answer to <c>\l</c>: the app's databases (never another app's), in psql 15's eight columns.</summary>
    public static QueryResult DatabaseList(IEnumerable<DatabaseInfo> databases, string app) => new(
        ["Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider", "Access privileges"],
        [.. databases.OrderBy(d => d.Database, StringComparer.Ordinal).Select(d => (IReadOnlyList<object?>)[d.Database, app, "UTF8", "C", "C", null, "libc", null])]);

    /// <summary>True when <paramref name="sql"/> reads <c>pg_catalog</c> (so an engine without it cannot run it).</summary>
    public static bool ReadsCatalog(string sql) => sql.Contains("pg_catalog.pg_", StringComparison.OrdinalIgnoreCase);

    /// <summary>The answer to one of psql's describe queries on a SQLite database; anything else throws 0A000 naming what is unsupported.</summary>
    public static async Task<QueryResult> AnswerSqliteAsync(string sql, Query query, string app)
    {
        var text = Compact(sql);
        if (text.Contains("pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"", StringComparison.Ordinal)
            && !text.Contains("pg_catalog.pg_index i", StringComparison.Ordinal))
        {
            return await RelationsAsync(text, query, app).ConfigureAwait(false);
        }

        if (text.StartsWith("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c", StringComparison.Ordinal))
        {
            return await LookupAsync(text, query).ConfigureAwait(false);
        }

        if (text.StartsWith("SELECT c.relchecks, c.relkind, c.relhasindex,", StringComparison.Ordinal))
        {
            return await TableInfoAsync(await ObjectAsync(text, query).ConfigureAwait(false), query).ConfigureAwait(false);
        }

        if (text.StartsWith("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),", StringComparison.Ordinal)
            && text.Contains("a.attgenerated FROM pg_catalog.pg_attribute a", StringComparison.Ordinal))
        {
            return await SqliteSchema.ColumnsAsync(await ObjectAsync(text, query).ConfigureAwait(false), query).ConfigureAwait(false);
        }

        if (text.StartsWith("SELECT c2.relname, i.indisprimary, i.indisunique,", StringComparison.Ordinal))
        {
            return await SqliteSchema.IndexesAsync(await ObjectAsync(text, query).ConfigureAwait(false), query).ConfigureAwait(false);
        }

        if (text.StartsWith("SELECT true as sametable, conname,", StringComparison.Ordinal))
        {
            return await SqliteSchema.ForeignKeysAsync(await ObjectAsync(text, query).ConfigureAwait(false), query).ConfigureAwait(false);
        }

        // pgbench's partition lookup (it joins pg_inherits too) must fail, not answer no rows: an error means "no
        // partitioning" to pgbench, no rows means "no pgbench_accounts table".
        if (NothingToShow().IsMatch(text) && !text.Contains("pg_catalog.pg_partitioned_table", StringComparison.Ordinal))
        {
            // Policies, statistics, publications, triggers, inheritance, partitions, referencing keys: SQLite has none to show.
            return new QueryResult(["?column?"], []);
        }

        var table = CatalogTable().Match(sql);
        throw new PgWireException(PgSqlState.FeatureNotSupported,
            $"this query reads {(table.Success ? table.Value : "pg_catalog")}, which a sqlite database does not have: the wire frontend answers psql's \\l, \\d, \\dt and \\d NAME " +
            "(not \\d+, \\di, \\dv... or other catalog queries); ask SQLite itself instead, e.g. SELECT type, name, sql FROM sqlite_master");
    }

    private static async Task<QueryResult> RelationsAsync(string text, Query query, string app)
    {
        var kinds = RelKinds().Match(text) is { Success: true } k ? k.Groups[1].Value : "rv";
        var name = NamePattern(text);
        var objects = await query("SELECT rowid, type, name FROM sqlite_master WHERE type IN ('table', 'view', 'index') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").ConfigureAwait(false);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var row in objects.Rows)
        {
            var (kind, label) = Kind((string)row[1]!);
            if (kinds.Contains(kind, StringComparison.Ordinal) && (name is null || name.IsMatch((string)row[2]!)) && SchemaMatches(text))
            {
                rows.Add(["public", row[2], label, app]);
            }
        }

        return new QueryResult(["Schema", "Name", "Type", "Owner"], rows);
    }

    private static async Task<QueryResult> LookupAsync(string text, Query query)
    {
        var name = NamePattern(text);
        var objects = await query("SELECT rowid, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").ConfigureAwait(false);
        return new QueryResult(["oid", "nspname", "relname"],
            [.. objects.Rows.Where(r => SchemaMatches(text) && (name is null || name.IsMatch((string)r[1]!))).Select(r => (IReadOnlyList<object?>)[(OidBase + (long)r[0]!).ToString(System.Globalization.CultureInfo.InvariantCulture), "public", r[1]])]);
    }

    private static async Task<QueryResult> TableInfoAsync(SqliteObject table, Query query)
    {
        var hasIndex = table.Kind == "r" && (await SqliteSchema.IndexesAsync(table, query).ConfigureAwait(false)).Count > 0;

        // psql asks for foreign keys only of a table with triggers (PostgreSQL implements them so).
        var hasForeignKeys = table.Kind == "r" && (await SqliteSchema.ForeignKeysAsync(table, query).ConfigureAwait(false)).Count > 0;
        return new QueryResult(
            ["relchecks", "relkind", "relhasindex", "relhasrules", "relhastriggers", "relrowsecurity", "relforcerowsecurity", "relhasoids", "relispartition", "reloptions", "reltablespace", "reloftype", "relpersistence", "relreplident", "amname"],
            [[0L, table.Kind, hasIndex, false, hasForeignKeys, false, false, false, false, "", 0L, "", "p", "d", table.Kind == "r" ? "heap" : null]]);
    }

    /// <summary>The table or view an oid of the query (<c>'16390'</c>) stands for.</summary>
    private static async Task<SqliteObject> ObjectAsync(string text, Query query)
    {
        var oid = QuotedOid().Match(text);
        if (!oid.Success || !long.TryParse(oid.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) || value <= OidBase)
        {
            throw new PgWireException(PgSqlState.FeatureNotSupported, "this catalog query names no table oid the wire frontend handed out for a sqlite database");
        }

        var found = await query("SELECT type, name FROM sqlite_master WHERE rowid = ?", value - OidBase).ConfigureAwait(false);
        return found.Count == 0
            ? throw new PgWireException(PgSqlState.UndefinedTable, $"no table or view has oid {value} (any more)")
            : new SqliteObject((string)found.Rows[0][1]!, Kind((string)found.Rows[0][0]!).Kind);
    }

    private static (string Kind, string Label) Kind(string sqliteType) => sqliteType switch
    {
        "table" => ("r", "table"),
        "view" => ("v", "view"),
        _ => ("i", "index"),
    };

    private static Regex? NamePattern(string text) =>
        RelName().Match(text) is { Success: true } m ? new Regex(m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal), RegexOptions.CultureInvariant, PatternTimeout) : null;

    private static bool SchemaMatches(string text) =>
        NspName().Match(text) is not { Success: true } m
        || new Regex(m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal), RegexOptions.CultureInvariant, PatternTimeout).IsMatch("public");

    /// <summary>The query on one line, whitespace runs made single spaces.</summary>
    private static string Compact(string sql) => Whitespace().Replace(sql.Trim().TrimEnd(';'), " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"c\.relkind IN \(((?:'[a-zA-Z]?',?)+)\)")]
    private static partial Regex RelKinds();

    [GeneratedRegex(@"c\.relname OPERATOR\(pg_catalog\.~\) '((?:[^']|'')*)'")]
    private static partial Regex RelName();

    [GeneratedRegex(@"n\.nspname OPERATOR\(pg_catalog\.~\) '((?:[^']|'')*)'")]
    private static partial Regex NspName();

    [GeneratedRegex(@"(?:c\.oid|attrelid|conrelid) = '(\d+)'")]
    private static partial Regex QuotedOid();

    [GeneratedRegex(@"pg_catalog\.pg_(?:policy|statistic_ext|publication|trigger|inherits)\b|confrelid IN \(SELECT pg_catalog\.pg_partition_ancestors")]
    private static partial Regex NothingToShow();

    [GeneratedRegex(@"pg_catalog\.pg_[a-z_]+")]
    private static partial Regex CatalogTable();
}

/// <summary>A SQLite table or view as psql's describe queries see it: its name and relkind (<c>r</c> or <c>v</c>).</summary>
internal sealed record SqliteObject(string Name, string Kind);

using System.Text.RegularExpressions;
using Orleans.DynamicDb.Engines;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// Translates a column's type and default from one dialect to another (the table in docs/engines.md, "Moving a database
/// between engines"), or says why it cannot.
/// </summary>
internal static partial class TypeTranslator
{
    private static readonly string[] SqliteIntegers = ["INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "INT2", "INT4", "INT8", "UNSIGNED BIG INT"];
    private static readonly string[] SqliteReals = ["REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT"];
    private static readonly string[] SqliteTexts = ["TEXT", "CLOB", "VARCHAR", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "VARYING CHARACTER", "NATIVE CHARACTER", "DATE", "DATETIME", "TIMESTAMP"];
    private static readonly string[] PostgresTexts = ["text", "character varying", "character", "uuid", "json", "jsonb", "date", "timestamp", "time", "interval", "numeric"];

    /// <summary>The column as it moves, or the reason it cannot (without the table's name, which the caller adds).</summary>
    public static (ColumnMove? Column, string? Problem) Translate(SqlDialect from, SqlDialect to, StoreColumn column)
    {
        if (column.Problem is not null)
        {
            return (null, $"column '{column.Name}' {column.Problem}");
        }

        var (kind, type, problem) = (from, to) switch
        {
            (SqlDialect.Sqlite, SqlDialect.Sqlite) => (ValueKind.Any, column.Type, null),
            (SqlDialect.Postgres, SqlDialect.Postgres) => (ValueKind.PgText, column.Type, null),
            (SqlDialect.Sqlite, _) => FromSqlite(column.Type),
            _ => FromPostgres(column.Type),
        };
        if (problem is not null)
        {
            return (null, $"column '{column.Name}' {problem}");
        }

        string? targetDefault = null;
        if (column.Default is not null && !column.Identity)
        {
            targetDefault = from == to ? column.Default : TranslateDefault(column.Default, kind, to);
            if (targetDefault is null)
            {
                return (null, $"column '{column.Name}' has the default {column.Default}, which has no equivalent on the target (only literal defaults move between kinds)");
            }
        }

        return (new ColumnMove(column.Name, column.Type, type!, kind, column.NotNull, column.Default, targetDefault, column.Identity), null);
    }

    private static (ValueKind, string?, string?) FromSqlite(string declared)
    {
        var type = declared.Trim().ToUpperInvariant();
        if (type.Length == 0)
        {
            return (default, null, "has no declared type (SQLite accepts any value there; PostgreSQL needs one type): declare one, e.g. TEXT or INTEGER");
        }

        var bare = TypeArguments().Replace(type, "").Trim();
        if (SqliteIntegers.Contains(bare))
        {
            return (ValueKind.Integer, "bigint", null);
        }

        if (SqliteReals.Contains(bare))
        {
            return (ValueKind.Real, "double precision", null);
        }

        if (SqliteTexts.Contains(bare))
        {
            return (ValueKind.Text, "text", null);
        }

        return bare switch
        {
            "BLOB" => (ValueKind.Blob, "bytea", null),
            "NUMERIC" or "DECIMAL" => (ValueKind.Numeric, "numeric", null),
            "BOOLEAN" or "BOOL" => (ValueKind.Boolean, "boolean", null),
            _ => (default, null, $"has the type '{declared}', which has no PostgreSQL equivalent the mover knows (use INTEGER, REAL, TEXT, BLOB, NUMERIC or BOOLEAN)"),
        };
    }

    private static (ValueKind, string?, string?) FromPostgres(string type)
    {
        if (type.EndsWith("[]", StringComparison.Ordinal))
        {
            return (default, null, $"has the array type '{type}', which SQLite has no equivalent for");
        }

        var bare = TypeArguments().Replace(type, "").Replace(" without time zone", "", StringComparison.Ordinal).Replace(" with time zone", "", StringComparison.Ordinal).Trim();
        return bare switch
        {
            "smallint" or "integer" or "bigint" => (ValueKind.Integer, "INTEGER", null),
            "real" or "double precision" => (ValueKind.Real, "REAL", null),
            "bytea" => (ValueKind.Blob, "BLOB", null),
            "boolean" => (ValueKind.Boolean, "INTEGER", null),
            _ when PostgresTexts.Contains(bare) => (ValueKind.Text, "TEXT", null),
            _ => (default, null, $"has the type '{type}' (a user-defined, composite, range or other type) which SQLite has no equivalent for"),
        };
    }

    private static string? TranslateDefault(string expression, ValueKind kind, SqlDialect to)
    {
        var text = PostgresCast().Replace(expression.Trim(), "");
        var parenthesised = Parenthesised().Match(text);
        if (parenthesised.Success)
        {
            text = parenthesised.Groups[1].Value;
        }

        if (text.Equals("NULL", StringComparison.OrdinalIgnoreCase))
        {
            return "NULL";
        }

        if (kind == ValueKind.Boolean)
        {
            var truth = text.ToLowerInvariant() switch { "true" or "1" or "'t'" or "'true'" => (bool?)true, "false" or "0" or "'f'" or "'false'" => false, _ => null };
            return truth is null ? null : to == SqlDialect.Sqlite ? (truth.Value ? "1" : "0") : (truth.Value ? "true" : "false");
        }

        return NumberLiteral().IsMatch(text) || StringLiteral().IsMatch(text) ? text : null;
    }

    [GeneratedRegex(@"\s*\([^)]*\)")]
    private static partial Regex TypeArguments();

    [GeneratedRegex(@"::[a-z ]+(\([0-9, ]+\))?$")]
    private static partial Regex PostgresCast();

    [GeneratedRegex(@"^\((.*)\)$")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"^[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^'([^']|'')*'$")]
    private static partial Regex StringLiteral();
}

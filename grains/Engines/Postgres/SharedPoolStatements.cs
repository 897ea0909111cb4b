using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Engines.Postgres;

/// <summary>
/// Decides, from the words of a PostgreSQL text alone, whether an autocommit statement may run on the shared pool
/// (<see cref="ISharedStatementPool"/>), where physical connections are shared by concurrent callers and never reset.
/// Conservative: when in doubt, not shared. A text is shared only when every statement in it starts with <c>SELECT</c>,
/// <c>WITH</c>, <c>VALUES</c>, <c>TABLE</c> or <c>SHOW</c> and no word outside string literals and comments (quoted
/// identifiers included, so <c>"set_config"(...)</c> is seen) is one of <see cref="Markers"/> or starts with one of
/// <see cref="MarkerPrefixes"/>: words that change or read session state (<c>set_config</c>, session advisory locks,
/// sequence state, temporary objects, <c>SELECT INTO</c>, cursors, prepared statements, <c>dblink</c> and large-object
/// descriptors), that may wait on other sessions' locks (data changes, <c>FOR UPDATE</c>, <c>FOR SHARE</c>) or that sleep on
/// purpose (<c>pg_sleep</c>), both of which would hold up the statements pipelined behind them on the same connection.
/// A <c>U&amp;"..."</c> identifier (which could spell a marker with escapes) is never shared. Not seen: a view or a
/// user-defined function that changes session state (docs/engines.md, "Shared pool").
/// </summary>
internal static class SharedPoolStatements
{
    /// <summary>The leading keywords a shared statement may have.</summary>
    internal static readonly IReadOnlySet<string> Leads = new HashSet<string>(StringComparer.Ordinal) { "SELECT", "WITH", "VALUES", "TABLE", "SHOW" };

    /// <summary>Words (upper case) that keep a statement off the shared pool wherever they appear.</summary>
    internal static readonly IReadOnlySet<string> Markers = new HashSet<string>(StringComparer.Ordinal)
    {
        // session settings and sequence state
        "SET_CONFIG", "CURRVAL", "LASTVAL", "SETVAL", "NEXTVAL",
        // temporary objects, SELECT INTO, cursors, prepared statements, notifications
        "TEMP", "TEMPORARY", "INTO", "DECLARE", "PREPARE", "EXECUTE", "DEALLOCATE", "LISTEN", "UNLISTEN",
        // data changes (writing CTEs) and row locks: they may wait on other sessions' locks
        "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY", "CALL", "DO", "LOCK", "SHARE",
        // old large-object names
        "LOREAD", "LOWRITE",
    };

    /// <summary>Word prefixes (upper case) that keep a statement off the shared pool.</summary>
    internal static readonly IReadOnlyList<string> MarkerPrefixes =
    [
        "PG_ADVISORY", "PG_TRY_ADVISORY", "PG_SLEEP", "PG_TEMP", "DBLINK", "LO_", "PG_REPLICATION_ORIGIN_SESSION",
    ];

    /// <summary>True when a statement of <paramref name="tier"/> with the text <paramref name="sql"/> may use the shared pool.</summary>
    public static bool CanShare(string sql, Tier tier) => tier is Tier.High or Tier.Medium && IsSafe(sql);

    /// <summary>True when the PostgreSQL text <paramref name="sql"/> (one or more statements) neither changes nor depends on session state.</summary>
    public static bool IsSafe(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var leading = true;
        var sawStatement = false;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is 'U' or 'u' && i + 2 < sql.Length && sql[i + 1] == '&' && sql[i + 2] is '"' or '\'' && !PrecededByWord(sql, i))
            {
                return false;
            }

            if (c == '"')
            {
                var end = PositionalParameterRewriter.SkipQuotedOrComment(sql, i, SqlDialect.Postgres);
                if (!Allowed(sql[(i + 1)..Math.Max(i + 1, end - 1)].Replace("\"\"", "\"", StringComparison.Ordinal), ref leading, ref sawStatement))
                {
                    return false;
                }

                i = end;
                continue;
            }

            var skipped = PositionalParameterRewriter.SkipQuotedOrComment(sql, i, SqlDialect.Postgres);
            if (skipped > i)
            {
                i = skipped;
                continue;
            }

            if (c == ';')
            {
                leading = true;
                i++;
                continue;
            }

            if (!IsWordChar(c))
            {
                if (leading && !char.IsWhiteSpace(c) && c != '(')
                {
                    return false;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < sql.Length && (IsWordChar(sql[i]) || sql[i] == '$'))
            {
                i++;
            }

            if (!Allowed(sql[start..i], ref leading, ref sawStatement))
            {
                return false;
            }
        }

        return sawStatement;
    }

    private static bool Allowed(string word, ref bool leading, ref bool sawStatement)
    {
        var upper = word.ToUpperInvariant();
        if (leading && !Leads.Contains(upper))
        {
            return false;
        }

        sawStatement |= leading;
        leading = false;
        if (Markers.Contains(upper))
        {
            return false;
        }

        foreach (var prefix in MarkerPrefixes)
        {
            if (upper.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool PrecededByWord(string sql, int i) => i > 0 && (IsWordChar(sql[i - 1]) || sql[i - 1] == '$');
}

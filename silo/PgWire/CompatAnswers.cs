using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// Answers for the PostgreSQL functions clients call at connect time when the engine has no such function (SQLite):
/// <c>SELECT version()</c>, <c>current_database()</c>, <c>current_schema()</c>, <c>current_user</c> and <c>session_user</c>.
/// </summary>
internal static class CompatAnswers
{
    /// <summary>The answer to <paramref name="sql"/>, or null when it is not one of the statements answered here.</summary>
    public static QueryResult? TryAnswer(string sql, DatabaseName database, string app)
    {
        Span<char> compact = stackalloc char[Math.Min(sql.Length, 64)];
        var length = 0;
        foreach (var c in sql)
        {
            if (char.IsWhiteSpace(c) || c == ';')
            {
                continue;
            }

            if (length == compact.Length)
            {
                return null;
            }

            compact[length++] = char.ToLowerInvariant(c);
        }

        return compact[..length] switch
        {
            "selectversion()" or "selectpg_catalog.version()" => One("version", PgSettings.VersionText),
            "selectcurrent_database()" => One("current_database", database.Database),
            "selectcurrent_schema()" => One("current_schema", "public"),
            "selectcurrent_user" => One("current_user", app),
            "selectsession_user" => One("session_user", app),
            _ => null,
        };
    }

    private static QueryResult One(string column, string value) => new([column], [[value]]);
}

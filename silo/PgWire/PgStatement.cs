namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>A statement as the client sent it, classified and translated to the grain's placeholders.</summary>
/// <param name="Text">The client's text.</param>
/// <param name="Translation">The text with <c>?</c> placeholders.</param>
/// <param name="Kind">How it runs.</param>
/// <param name="Keywords">Its first keywords, upper-cased (for the command tag).</param>
/// <param name="ParameterTypes">The parameter type OIDs (from Parse, else unspecified).</param>
internal sealed record PgStatement(string Text, SqlTranslation Translation, StatementKind Kind, string Keywords, int[] ParameterTypes)
{
    private static readonly string[] WriteVerbs = ["INSERT", "UPDATE", "DELETE", "MERGE"];

    /// <summary>The columns a Describe found, reused by later executions of a prepared statement.</summary>
    public RowShape? Described { get; set; }

    /// <summary>Classifies and translates <paramref name="text"/>.</summary>
    public static PgStatement Of(string text, int[]? parameterTypes = null)
    {
        var translation = SqlTranslation.Of(text);
        var keywords = SqlScanner.Keywords(text, 4);
        var space = keywords.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? keywords.AsSpan() : keywords.AsSpan(0, space);
        var kind = first switch
        {
            "" => SqlScanner.IsEmpty(text) ? StatementKind.Empty : StatementKind.Exec,
            "BEGIN" or "START" or "COMMIT" or "END" or "ROLLBACK" or "ABORT" or "SAVEPOINT" or "RELEASE" or "PREPARE" => StatementKind.Transaction,
            "SET" or "RESET" or "DISCARD" => StatementKind.Set,
            "SHOW" => StatementKind.Show,
            "COPY" => StatementKind.Copy,
            "SELECT" or "VALUES" or "TABLE" or "EXPLAIN" or "PRAGMA" => StatementKind.Query,
            "WITH" => WriteVerbs.Any(v => SqlScanner.ContainsKeyword(text, v))
                ? (SqlScanner.ContainsKeyword(text, "RETURNING") ? StatementKind.WriteReturning : StatementKind.Exec)
                : StatementKind.Query,
            "INSERT" or "UPDATE" or "DELETE" or "MERGE" when SqlScanner.ContainsKeyword(text, "RETURNING") => StatementKind.WriteReturning,
            _ => StatementKind.Exec,
        };
        var types = new int[Math.Max(parameterTypes?.Length ?? 0, translation.ParameterCount)];
        parameterTypes?.CopyTo(types, 0);
        return new PgStatement(text, translation, kind, keywords, types);
    }

    /// <summary>The CommandComplete tag after a change of <paramref name="rows"/> rows (or rows returned).</summary>
    public string Tag(long rows)
    {
        if (Kind == StatementKind.Query)
        {
            return $"SELECT {rows}";
        }

        var words = Keywords.Split(' ');
        return words[0] switch
        {
            "INSERT" => $"INSERT 0 {rows}",
            "UPDATE" or "DELETE" or "MERGE" => $"{words[0]} {rows}",
            "WITH" => $"{WriteVerbs.FirstOrDefault(v => SqlScanner.ContainsKeyword(Text, v)) ?? "SELECT"} {rows}",
            "CREATE" or "DROP" or "ALTER" => $"{words[0]} {words.Skip(1).FirstOrDefault(IsObject) ?? (words.Length > 1 ? words[1] : "")}".TrimEnd(),
            _ => words[0],
        };
    }

    private static bool IsObject(string word) =>
        word is "TABLE" or "INDEX" or "VIEW" or "TRIGGER" or "SEQUENCE" or "SCHEMA" or "FUNCTION" or "TYPE" or "EXTENSION" or "DATABASE" or "ROLE";
}

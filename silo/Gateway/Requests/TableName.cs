using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>
/// A table name from a request, checked and quoted before it is put into SQL: letters, digits and '_', not starting
/// with a digit, at most 63 characters, optionally schema-qualified (<c>schema.table</c>, as the schema endpoint lists
/// tables outside the default schema). Nothing else ever reaches the SQL text.
/// </summary>
internal static partial class TableName
{
    /// <summary>The quoted form, e.g. <c>"audit"."events"</c>.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming <paramref name="field"/>.</exception>
    public static string Quote(string name, string field)
    {
        if (!Identifier().IsMatch(name))
        {
            var shown = name.Length > 70 ? name[..70] + "..." : name;
            throw JsonFields.Invalid(
                $"The field '{field}' ('{shown}') is not a table name: use letters, digits and '_' (not starting with a digit), at most 63 characters, optionally as schema.table.");
        }

        return string.Join('.', name.Split('.').Select(part => $"\"{part}\""));
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}

using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>Checks that the <c>schema</c> of a create-table request is a CREATE ... TABLE statement.</summary>
internal static partial class CreateTableSql
{
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming <paramref name="field"/>.</exception>
    public static string Check(string sql, string field) =>
        CreateTable().IsMatch(sql)
            ? sql
            : throw JsonFields.Invalid(
                $"The field '{field}' must be a CREATE TABLE statement, e.g. \"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)\"; use /v1/database/exec for other statements.");

    [GeneratedRegex(@"^\s*CREATE\s+(\w+\s+){0,3}TABLE\s", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}

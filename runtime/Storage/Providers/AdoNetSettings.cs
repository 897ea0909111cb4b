using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>Validation shared by the ADO.NET storage and reminder options; every message names the bad setting.</summary>
internal static partial class AdoNetSettings
{
    public const int MaxTableNameLength = 48;

    private static readonly string AcceptedInvariants =
        $"'{AdoNetInvariants.InvariantNamePostgreSql}' (PostgreSQL) or '{AdoNetInvariants.InvariantNameSqlite}' (SQLite)";

    /// <summary>The problems with one set of settings; empty when they are valid.</summary>
    public static IReadOnlyList<string> Validate(string optionsName, string? invariant, string? connectionString, string? tableName)
    {
        var failures = new List<string>();
        var knownInvariant = invariant is AdoNetInvariants.InvariantNamePostgreSql or AdoNetInvariants.InvariantNameSqlite;
        if (string.IsNullOrWhiteSpace(invariant))
        {
            failures.Add($"{optionsName}.Invariant is empty: set it to {AcceptedInvariants}.");
        }
        else if (!knownInvariant)
        {
            failures.Add($"{optionsName}.Invariant '{invariant}' is not supported: use {AcceptedInvariants}.");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{optionsName}.ConnectionString is empty: set the connection string of the database to use.");
        }
        else if (knownInvariant && ConnectionStringProblem(invariant!, connectionString) is { } problem)
        {
            failures.Add($"{optionsName}.ConnectionString {problem}");
        }

        if (string.IsNullOrWhiteSpace(tableName) || tableName.Length > MaxTableNameLength || !TableNamePattern().IsMatch(tableName))
        {
            failures.Add(
                $"{optionsName}.TableName '{tableName}' is not a valid table name: use letters, digits and underscores, "
                + $"starting with a letter or an underscore, at most {MaxTableNameLength} characters.");
        }

        return failures;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem, naming the settings.</summary>
    public static void ThrowIfInvalid(string optionsName, string? invariant, string? connectionString, string? tableName)
    {
        var failures = Validate(optionsName, invariant, connectionString, tableName);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }

    private static string? ConnectionStringProblem(string invariant, string connectionString)
    {
        try
        {
            if (invariant == AdoNetInvariants.InvariantNamePostgreSql)
            {
                var postgres = new NpgsqlConnectionStringBuilder(connectionString);
                return string.IsNullOrWhiteSpace(postgres.Host) ? "has no Host: name the PostgreSQL server." : null;
            }

            var sqlite = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(sqlite.DataSource))
            {
                return "has no Data Source: name the SQLite database file.";
            }

            return sqlite.DataSource == ":memory:" || sqlite.Mode == SqliteOpenMode.Memory
                ? "names an in-memory SQLite database, which is lost between connections: name a database file (or use the memory provider)."
                : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"is not a valid connection string for '{invariant}': {e.Message}";
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}

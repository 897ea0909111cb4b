using System.Text.RegularExpressions;
using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// Where ADO.NET clustering keeps the membership table and the grain directory. Bound from the configuration section
/// <c>Orleans:Clustering:AdoNet</c>, then from code.
/// </summary>
public sealed partial class AdoNetClusteringOptions
{
    public const string SectionName = "Orleans:Clustering:AdoNet";

    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "dyndb_membership";

    /// <summary>The default <see cref="DirectoryTableName"/>.</summary>
    public const string DefaultDirectoryTableName = "dyndb_grain_directory";

    /// <summary>
    /// The ADO.NET provider: <see cref="AdoNetInvariants.InvariantNamePostgreSql"/> ("Npgsql", for a cluster of
    /// machines) or <see cref="AdoNetInvariants.InvariantNameSqlite"/> ("Microsoft.Data.Sqlite", silos on one machine
    /// sharing a file). Default: "Npgsql".
    /// </summary>
    public string Invariant { get; set; } = AdoNetInvariants.InvariantNamePostgreSql;

    /// <summary>The database's connection string. Required; no default.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The membership table; its table versions live beside it in <c>{TableName}_versions</c>. Both are created on
    /// first use. Default: "dyndb_membership".
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The grain directory's table, created on first use. Default: "dyndb_grain_directory".</summary>
    public string DirectoryTableName { get; set; } = DefaultDirectoryTableName;

    /// <summary>The problems with these settings, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = AdoNetSettings.Validate(nameof(AdoNetClusteringOptions), Invariant, ConnectionString, TableName).ToList();
        if (string.IsNullOrWhiteSpace(DirectoryTableName) || DirectoryTableName.Length > AdoNetSettings.MaxTableNameLength || !TableNamePattern().IsMatch(DirectoryTableName))
        {
            failures.Add(
                $"{nameof(AdoNetClusteringOptions)}.{nameof(DirectoryTableName)} '{DirectoryTableName}' is not a valid table name: use letters, digits and underscores, "
                + $"starting with a letter or an underscore, at most {AdoNetSettings.MaxTableNameLength} characters.");
        }
        else if (string.Equals(DirectoryTableName, TableName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(DirectoryTableName, TableName + "_versions", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{nameof(AdoNetClusteringOptions)}.{nameof(DirectoryTableName)} '{DirectoryTableName}' is a membership table's name: give the directory a table of its own.");
        }

        return failures;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, naming the settings.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}

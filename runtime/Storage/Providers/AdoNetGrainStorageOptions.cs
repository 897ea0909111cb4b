namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>
/// Where an <see cref="AdoNetGrainStorage"/> keeps grain state. Bound from the configuration section
/// <c>Orleans:Storage:{provider name}</c>, then from code.
/// </summary>
public sealed class AdoNetGrainStorageOptions
{
    /// <summary>The configuration section that holds each provider's settings, under the provider's name.</summary>
    public const string SectionPrefix = "Orleans:Storage";

    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "dyndb_grain_state";

    /// <summary>
    /// The ADO.NET provider: <see cref="AdoNetInvariants.InvariantNamePostgreSql"/> ("Npgsql") or
    /// <see cref="AdoNetInvariants.InvariantNameSqlite"/> ("Microsoft.Data.Sqlite"). Default: SQLite.
    /// </summary>
    public string Invariant { get; set; } = AdoNetInvariants.InvariantNameSqlite;

    /// <summary>The database's connection string (for SQLite, a file; its folder is created). Required; no default.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table that holds the state; created on first use. Default: "dyndb_grain_state".</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The problems with these settings, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate() => AdoNetSettings.Validate(nameof(AdoNetGrainStorageOptions), Invariant, ConnectionString, TableName);
}

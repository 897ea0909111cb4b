using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Reminders;

/// <summary>
/// Where an <see cref="AdoNetReminderTable"/> keeps reminders. Bound from the configuration section
/// <c>Orleans:Reminders:AdoNet</c>, then from code.
/// </summary>
public sealed class AdoNetReminderTableOptions
{
    public const string SectionName = "Orleans:Reminders:AdoNet";

    /// <summary>The default <see cref="TableName"/>.</summary>
    public const string DefaultTableName = "dyndb_reminders";

    /// <summary>
    /// The ADO.NET provider: <see cref="AdoNetInvariants.InvariantNamePostgreSql"/> ("Npgsql") or
    /// <see cref="AdoNetInvariants.InvariantNameSqlite"/> ("Microsoft.Data.Sqlite"). Default: SQLite.
    /// </summary>
    public string Invariant { get; set; } = AdoNetInvariants.InvariantNameSqlite;

    /// <summary>The database's connection string (for SQLite, a file; its folder is created). Required; no default.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table that holds the reminders; created by <see cref="IReminderTable.StartAsync"/>. Default: "dyndb_reminders".</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The problems with these settings, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate() => AdoNetSettings.Validate(nameof(AdoNetReminderTableOptions), Invariant, ConnectionString, TableName);
}

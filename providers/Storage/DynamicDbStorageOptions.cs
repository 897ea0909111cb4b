namespace Orleans.DynamicDb.Providers.Storage;

/// <summary>
/// Where Orleans' ADO.NET grain storage and reminder table keep their rows. Bound from <see cref="SectionName"/>, then
/// from code; validated when the silo starts (a bad value stops it with a message naming the setting).
/// </summary>
public sealed class DynamicDbStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "DynamicDb:OrleansStorage";

    /// <summary>The engine. Default: <see cref="DynamicDbStorageEngine.Sqlite"/>.</summary>
    public DynamicDbStorageEngine Engine { get; set; } = DynamicDbStorageEngine.Sqlite;

    /// <summary>
    /// The SQLite file when <see cref="Engine"/> is <see cref="DynamicDbStorageEngine.Sqlite"/>; a relative path is taken
    /// from the process' current directory, and missing folders are created at start-up. Default: <c>data/orleans/orleans.db</c>.
    /// </summary>
    public string SqlitePath { get; set; } = Path.Combine("data", "orleans", "orleans.db");

    /// <summary>
    /// The Npgsql connection string when <see cref="Engine"/> is <see cref="DynamicDbStorageEngine.Postgres"/>; the
    /// database must exist (the schema is created in it). Default: none (required for PostgreSQL).
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>How long installing or migrating the schema may take at start-up, lock wait included. Default: 60 seconds.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

namespace Orleans.DynamicDb.Providers.Storage;

/// <summary>Where Orleans' grain state and reminders live.</summary>
public enum DynamicDbStorageEngine
{
    /// <summary>One SQLite file on the silo's disk (ADO.NET invariant <c>System.Data.SQLite</c>, served by Microsoft.Data.Sqlite).</summary>
    Sqlite = 0,

    /// <summary>A PostgreSQL database shared by the silos of a cluster (ADO.NET invariant <c>Npgsql</c>).</summary>
    Postgres = 1,
}

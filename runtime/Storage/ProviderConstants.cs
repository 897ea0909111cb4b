namespace Orleans.DynamicDb.Runtime;

/// <summary>Well-known provider names and ADO.NET invariants.</summary>
public static class ProviderConstants
{
    /// <summary>The name of the default grain storage provider.</summary>
    public const string DefaultStorageProviderName = "Default";
}

/// <summary>ADO.NET provider invariant names accepted by the ADO.NET storage and reminder providers.</summary>
public static class AdoNetInvariants
{
    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string InvariantNamePostgreSql = "Npgsql";

    /// <summary>SQLite through Microsoft.Data.Sqlite (the embedded default).</summary>
    public const string InvariantNameSqlite = "Microsoft.Data.Sqlite";
}

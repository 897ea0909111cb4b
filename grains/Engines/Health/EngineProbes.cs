namespace Orleans.DynamicDb.Engines.Health;

/// <summary>Picks an engine's probe by its kind.</summary>
public static class EngineProbes
{
    /// <summary>The probe of the configured engine <paramref name="engine"/>.</summary>
    public static IEngineProbe For(EngineOptions engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.Kind switch
        {
            EngineKinds.Sqlite => new SqliteProbe(Path.GetFullPath(engine.DataDirectory), engine.Health.MinFreeSpaceBytes),
            EngineKinds.Postgres => new PostgresProbe(engine.ConnectionString ?? "", engine.Health.HealthCheckTimeout),
            EngineKinds.ManagedPostgres => new ManagedPostgresProbe(engine.BinDirectory, Path.GetFullPath(engine.DataDirectory)),
            _ => throw new ArgumentException($"Engine '{engine.Id}' has the unknown kind '{engine.Kind}'.", nameof(engine)),
        };
    }
}

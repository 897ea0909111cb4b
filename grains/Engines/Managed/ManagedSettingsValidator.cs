namespace Orleans.DynamicDb.Engines.Managed;

/// <summary>Validates the postgres-managed settings of one engine entry.</summary>
internal static class ManagedSettingsValidator
{
    private static readonly string[] Binaries = ["initdb", "pg_ctl", "postgres"];

    public static void Validate(EngineOptions engine, string at, List<string> failures)
    {
        var missing = Binaries.Where(b => !File.Exists(Path.Combine(engine.BinDirectory ?? "", b))).ToList();
        EngineOptionsValidator.Require(missing.Count == 0,
            $"{at}:BinDirectory: '{engine.BinDirectory}' lacks {string.Join(", ", missing)}; point it at the PostgreSQL binaries (e.g. install postgresql-15 for {EngineOptions.DefaultBinDirectory}).", failures);
        EngineOptionsValidator.Require(engine.PortRangeStart is >= 1 and <= 65535,
            $"{at}:PortRangeStart: {engine.PortRangeStart} is not a TCP port (1–65535).", failures);
        EngineOptionsValidator.Require(engine.PortRangeEnd is >= 1 and <= 65535 && engine.PortRangeEnd >= engine.PortRangeStart,
            $"{at}:PortRangeEnd: {engine.PortRangeEnd} must be a TCP port no lower than PortRangeStart ({engine.PortRangeStart}).", failures);
        EngineOptionsValidator.Require(engine.MaxInstances >= 1,
            $"{at}:MaxInstances: must be at least 1, not {engine.MaxInstances}.", failures);
        EngineOptionsValidator.Require(engine.PortRangeEnd - engine.PortRangeStart + 1 >= engine.MaxInstances,
            $"{at}:MaxInstances: {engine.MaxInstances} instances need as many ports, but PortRangeStart..PortRangeEnd ({engine.PortRangeStart}..{engine.PortRangeEnd}) holds {Math.Max(0, engine.PortRangeEnd - engine.PortRangeStart + 1)}.", failures);
        EngineOptionsValidator.Require(engine.MaxPoolSize >= 1,
            $"{at}:MaxPoolSize: must be at least 1, not {engine.MaxPoolSize}.", failures);
        EngineOptionsValidator.Require(engine.StartTimeout > TimeSpan.Zero,
            $"{at}:StartTimeout: must be positive, not {engine.StartTimeout}.", failures);
    }
}

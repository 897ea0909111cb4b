namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>Validates <see cref="SwitchoverOptions"/>; every failure names the setting, e.g. <c>DynamicDb:Engines:0:Switchover:DrainTimeout</c>.</summary>
public static class SwitchoverOptionsValidator
{
    /// <summary>Adds a sentence per problem of <paramref name="options"/> to <paramref name="failures"/>; <paramref name="engine"/> is the engine's setting path.</summary>
    public static void Validate(SwitchoverOptions options, string engine, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(options);
        var at = $"{engine}:Switchover";
        EngineOptionsValidator.Require(options.DrainTimeout > TimeSpan.Zero && options.DrainTimeout <= TimeSpan.FromMinutes(1),
            $"{at}:DrainTimeout: must be more than 0 and at most 1 minute, not {options.DrainTimeout}.", failures);
        EngineOptionsValidator.Require(options.CatchUpTimeout > TimeSpan.Zero && options.CatchUpTimeout <= TimeSpan.FromMinutes(1),
            $"{at}:CatchUpTimeout: must be more than 0 and at most 1 minute, not {options.CatchUpTimeout}.", failures);
        EngineOptionsValidator.Require(options.ReopenBudget >= TimeSpan.Zero && options.ReopenBudget <= TimeSpan.FromSeconds(10),
            $"{at}:ReopenBudget: must be between 0 and 10 seconds, not {options.ReopenBudget}.", failures);
    }
}

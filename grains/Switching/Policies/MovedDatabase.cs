namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>A database a policy asked to move, and from where (a load-based policy moves it back there).</summary>
/// <param name="App">The app.</param>
/// <param name="Database">The database.</param>
/// <param name="FromEngine">The engine it was on.</param>
/// <param name="ToEngine">The engine it was asked to move to.</param>
/// <param name="SwitchId">The switch's id.</param>
/// <param name="At">When it was asked.</param>
/// <param name="Back">Whether this request moved it back (scale-down).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.MovedDatabase")]
public sealed record MovedDatabase(string App, string Database, string FromEngine, string ToEngine, string SwitchId, DateTimeOffset At, bool Back);

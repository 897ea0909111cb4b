namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>A switch a policy asks for (<see cref="ISwitchRequester"/>).</summary>
/// <param name="App">The database's app.</param>
/// <param name="Database">The database.</param>
/// <param name="TargetEngine">Where it should move.</param>
/// <param name="Policy">The policy's name (recorded with the switch).</param>
/// <param name="Reason">Why, in a sentence with the measured values (e.g. "p99 812.4 ms over 60 s above 500 ms").</param>
public sealed record PolicySwitch(string App, string Database, string TargetEngine, string Policy, string Reason);

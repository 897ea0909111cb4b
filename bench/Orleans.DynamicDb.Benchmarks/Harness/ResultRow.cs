namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>One line of the results table.</summary>
/// <param name="Group">The measurement (e.g. "1. Sequential latency").</param>
/// <param name="Scenario">What was run.</param>
/// <param name="Result">The median over rounds, with its unit.</param>
/// <param name="Spread">The min–max over rounds, or other dispersion.</param>
/// <param name="Notes">Counts, percentiles, GC counts.</param>
internal sealed record ResultRow(string Group, string Scenario, string Result, string Spread, string Notes);

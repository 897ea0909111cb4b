namespace Orleans.DynamicDb.Switching;

/// <summary>Both sides of a move compared table by table: row counts and content checksums.</summary>
/// <param name="Passed">True when every table matches.</param>
/// <param name="Tables">One entry per table, in name order.</param>
/// <param name="Mismatches">One line per table that differs, naming it and what differs; empty when passed.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.ValidationReport")]
public sealed record ValidationReport(
    bool Passed,
    IReadOnlyList<TableValidation> Tables,
    IReadOnlyList<string> Mismatches);

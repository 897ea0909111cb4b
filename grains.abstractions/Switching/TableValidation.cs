namespace Orleans.DynamicDb.Switching;

/// <summary>One table compared on both sides of a move.</summary>
/// <param name="Table">The table name.</param>
/// <param name="SourceRows">Rows on the source.</param>
/// <param name="TargetRows">Rows on the target (0 when the table is missing there).</param>
/// <param name="SourceChecksum">The source content checksum (hex), computed the same way on every engine.</param>
/// <param name="TargetChecksum">The target content checksum (hex).</param>
/// <param name="Match">True when rows and checksums are equal.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.TableValidation")]
public sealed record TableValidation(
    string Table,
    long SourceRows,
    long TargetRows,
    string SourceChecksum,
    string TargetChecksum,
    bool Match);

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// A page of the audit log: the rows after sequence number <see cref="Since"/> (0: from the first), at most
/// <see cref="Limit"/> of them (1–<see cref="MaxLimit"/>), oldest first, optionally only those of one action, actor or target.
/// </summary>
[GenerateSerializer, Immutable, Alias("dyndb.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] long Since = 0,
    [property: Id(1)] int Limit = AuditQuery.DefaultLimit,
    [property: Id(2)] string? Action = null,
    [property: Id(3)] string? Actor = null,
    [property: Id(4)] string? Target = null)
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;
}

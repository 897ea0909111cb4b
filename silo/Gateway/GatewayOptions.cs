namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>Limits of the HTTP gateway (<c>/v1/database/...</c>). Section: <c>DynamicDb:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "DynamicDb:Gateway";

    /// <summary>The default <see cref="MaxRequestBodyBytes"/>: 4 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>The largest request body accepted; a larger one is answered 413 (<c>request.too_large</c>). Default: 4 MiB (4194304).</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// How much longer than the database's own limit (<c>DynamicDb:Databases:QueryTimeout</c> for statements,
    /// <c>TransactionTimeout</c> for transactions) the gateway waits before it answers 504 itself, to cover waking the
    /// database and the call. Default: 10 seconds.
    /// </summary>
    public TimeSpan RequestTimeoutMargin { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The default <see cref="MaxResultRows"/>: 100000.</summary>
    public const int DefaultMaxResultRows = 100_000;

    /// <summary>The default <see cref="MaxResultBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxResultBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The most rows one <c>/v1/database/query</c> answers; a result with more is cut there and ends with
    /// <c>"truncated": true</c>. Default: 100000.
    /// </summary>
    public int MaxResultRows { get; set; } = DefaultMaxResultRows;

    /// <summary>
    /// The most bytes of rows one <c>/v1/database/query</c> answers, as estimated from the values (close to their JSON
    /// text); a larger result is cut there and ends with <c>"truncated": true</c>. Default: 64 MiB (67108864).
    /// </summary>
    public long MaxResultBytes { get; set; } = DefaultMaxResultBytes;

    /// <summary>The setting's full name as written in configuration.</summary>
    internal static string Setting(string name) => $"{SectionName}:{name}";
}

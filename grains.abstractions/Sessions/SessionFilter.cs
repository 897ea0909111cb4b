namespace Orleans.DynamicDb.Sessions;

/// <summary>Which sessions a listing returns; a null field matches every session.</summary>
/// <param name="App">Only this app's sessions.</param>
/// <param name="Database">Only sessions on this database.</param>
/// <param name="Protocol">Only <c>pgwire</c> or only <c>http</c> sessions.</param>
/// <param name="State">Only <c>open</c> or only <c>closed</c> sessions.</param>
/// <param name="Tier">Only sessions of this tier now (docs/tiers.md).</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionFilter")]
public sealed record SessionFilter(string? App = null, string? Database = null, string? Protocol = null, string? State = null, Tiers.Tier? Tier = null)
{
    /// <summary>True when <paramref name="summary"/> passes every set field.</summary>
    public bool Matches(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return (App is null || string.Equals(App, summary.App, StringComparison.Ordinal))
            && (Database is null || string.Equals(Database, summary.Database, StringComparison.Ordinal))
            && (Protocol is null || string.Equals(Protocol, summary.Protocol, StringComparison.Ordinal))
            && (State is null || string.Equals(State, summary.State, StringComparison.Ordinal))
            && (Tier is null || Tier == (summary.Tier ?? Tiers.Tier.Medium));
    }
}

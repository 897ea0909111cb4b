namespace Orleans.DynamicDb.Sessions;

/// <summary>The states of a session.</summary>
public static class SessionStates
{
    /// <summary>The connection is live.</summary>
    public const string Open = "open";

    /// <summary>The connection ended; the profile stays for <c>DynamicDb:Sessions:RetainClosedFor</c>.</summary>
    public const string Closed = "closed";

    /// <summary>Every state.</summary>
    public static IReadOnlyList<string> All { get; } = [Open, Closed];
}

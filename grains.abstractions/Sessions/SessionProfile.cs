namespace Orleans.DynamicDb.Sessions;

/// <summary>The connection profile of a session (docs/sessions.md).</summary>
/// <param name="Id">The session id.</param>
/// <param name="Protocol"><c>pgwire</c> or <c>http</c>.</param>
/// <param name="State"><c>open</c> or <c>closed</c>.</param>
/// <param name="App">The app.</param>
/// <param name="Database">The database name.</param>
/// <param name="User">The user name the client gave.</param>
/// <param name="ClientAddress">The client's IP address.</param>
/// <param name="ClientPort">The client's TCP port.</param>
/// <param name="Host">The silo that holds the connection.</param>
/// <param name="Privilege"><c>app</c>, <c>read_only</c> or <c>admin</c>.</param>
/// <param name="CredentialId">The credential's id (never the key).</param>
/// <param name="ClientSessionId">The client's <c>X-Session-Id</c>, for an HTTP session that named itself.</param>
/// <param name="ApplicationName">The <c>application_name</c> session variable, or null.</param>
/// <param name="Settings">The session variables now.</param>
/// <param name="OpenedAt">When the session opened.</param>
/// <param name="LastActiveAt">When it last ran a statement.</param>
/// <param name="ClosedAt">When it closed; null while open.</param>
/// <param name="CloseReason">Why it closed; null while open.</param>
/// <param name="Load">The query load and resource use.</param>
/// <param name="Tier">The session's tier, its source and the model's confidence (docs/tiers.md); null before the first classification.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionProfile")]
public sealed record SessionProfile(
    string Id,
    string Protocol,
    string State,
    string App,
    string Database,
    string User,
    string ClientAddress,
    int ClientPort,
    string Host,
    string Privilege,
    string CredentialId,
    string? ClientSessionId,
    string? ApplicationName,
    IReadOnlyDictionary<string, string> Settings,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActiveAt,
    DateTimeOffset? ClosedAt,
    string? CloseReason,
    SessionLoad Load,
    Tiers.TierAssignment? Tier = null);

namespace Orleans.DynamicDb.Sessions;

/// <summary>Who opened a session, from where, with what: the part of the profile fixed when the session opens.</summary>
/// <param name="Id">The session id.</param>
/// <param name="Protocol"><c>pgwire</c> or <c>http</c>.</param>
/// <param name="App">The app (the PostgreSQL user name on the wire).</param>
/// <param name="Database">The database name.</param>
/// <param name="User">The user name the client gave (the wire's startup <c>user</c>; the app over HTTP).</param>
/// <param name="ClientAddress">The client's IP address.</param>
/// <param name="ClientPort">The client's TCP port (over HTTP: of the first request).</param>
/// <param name="Host">The silo that holds the connection.</param>
/// <param name="Privilege"><c>app</c>, <c>read_only</c> or <c>admin</c> (<see cref="SessionPrivileges"/>).</param>
/// <param name="CredentialId">The id of the credential, never the key (<c>key:sha256:{12 hex digits}</c>, or <c>unknown</c> for a JWT).</param>
/// <param name="ClientSessionId">The client's <c>X-Session-Id</c> header, for an HTTP session that named itself.</param>
/// <param name="OpenedAt">When the session opened.</param>
/// <param name="Connection">The handle to kill the connection with, on the silo that holds it.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SessionOpening")]
public sealed record SessionOpening(
    string Id,
    string Protocol,
    string App,
    string Database,
    string User,
    string ClientAddress,
    int ClientPort,
    string Host,
    string Privilege,
    string CredentialId,
    string? ClientSessionId,
    DateTimeOffset OpenedAt,
    ISessionConnection? Connection);

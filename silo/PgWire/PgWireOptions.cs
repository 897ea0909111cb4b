namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The PostgreSQL wire protocol (v3) frontend of every silo (docs/pgwire.md).</summary>
public sealed class PgWireOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DynamicDb:PgWire";

    /// <summary>Whether the silo listens for PostgreSQL clients. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The loopback or interface address and port to listen on, <c>host:port</c> (port 0: any free port). Default: <c>127.0.0.1:6432</c>.</summary>
    public string Endpoint { get; set; } = "127.0.0.1:6432";

    /// <summary>Open client connections this silo accepts at once; more are refused with SQLSTATE 53300. Default: 1000.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// Open client connections of one app (the startup's <c>user</c>) this silo accepts at once, counted after
    /// authentication; more are refused with SQLSTATE 53300 naming the app. Default: 0 (no limit of its own: only
    /// <see cref="MaxConnections"/>).
    /// </summary>
    public int MaxConnectionsPerApp { get; set; }

    /// <summary>
    /// Time one write to a client may wait for the client to read (a client that stops reading fills the socket's
    /// buffers); then that connection is closed and logged, so the server's output per connection stays bounded.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The TLS certificate: with one, SSLRequest is answered 'S' and TLS starts. Default: none (no TLS).</summary>
    public PgWireCertificateOptions Certificate { get; set; } = new();

    /// <summary>
    /// Whether a client must use TLS: a startup without it is refused with SQLSTATE 28000 (cancel requests are still
    /// accepted). Needs <see cref="Certificate"/>. Default: false.
    /// </summary>
    public bool RequireTls { get; set; }

    /// <summary>Time a new connection has to finish its startup and authentication. Default: 10 seconds.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a connection may stay idle between messages before it is closed. Default: 1 hour. Zero: never.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The largest client message accepted, in bytes; a larger one closes the connection (SQLSTATE 08P01). Default: 16 MiB.</summary>
    public int MaxMessageSize { get; set; } = 16 << 20;

    /// <summary>The full name of a setting of this section, e.g. <c>DynamicDb:PgWire:Endpoint</c>.</summary>
    public static string Setting(string name) => $"{SectionName}:{name}";
}

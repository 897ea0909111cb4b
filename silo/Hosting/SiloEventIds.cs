namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Stable event ids of the silo host's log lines (4000–4099; the product dashboard /ui: 4060–4079; the PostgreSQL wire frontend: 4080–4099, of which its transactions and COPY: 4090–4094, TLS and connection limits: 4095–4099; sessions: 4100–4119).</summary>
public static class SiloEventIds
{
    public const int DataDirectory = 4000;
    public const int SiloReady = 4001;
    public const int SiloStopping = 4002;
    public const int SiloHostStopped = 4003;
    public const int ReadinessCheckFailed = 4010;

    // Authentication: 4020–4039.
    public const int AuthConfigured = 4020;
    public const int DevelopmentKeyCreated = 4021;
    public const int DevelopmentKeyInUse = 4022;
    public const int AuthenticationFailed = 4023;

    // HTTP gateway: 4040–4059.
    public const int GatewayUnexpectedError = 4040;
    public const int GatewayServerError = 4041;
    public const int GatewayClientError = 4042;
    public const int GatewayStreamFailed = 4043;
    public const int GatewayStreamUnexpected = 4044;
    public const int GatewayStreamAbandoned = 4045;
    public const int GatewayCursorCloseFailed = 4046;

    // Product dashboard (/ui): 4060–4079.
    public const int UiLoggedIn = 4060;
    public const int UiLoginRefused = 4061;
    public const int UiLoggedOut = 4062;
    public const int UiCsrfRefused = 4063;
    public const int UiSampleFailed = 4064;

    // PostgreSQL wire frontend (silo/PgWire): 4080–4099.
    public const int PgWireListening = 4080;
    public const int PgWireDisabled = 4081;
    public const int PgWireConnected = 4082;
    public const int PgWireAuthenticationFailed = 4083;
    public const int PgWireRefused = 4084;
    public const int PgWireClosedByError = 4085;
    public const int PgWireUnexpected = 4086;
    public const int PgWireCancelRequest = 4087;
    public const int PgWireStatementFailed = 4088;
    public const int PgWireStopped = 4089;

    // PostgreSQL wire frontend, transactions and COPY (silo/PgWire/PgWireConnection.Transactions.cs, .Copy.cs): 4090–4094.
    public const int PgWireTransactionBegun = 4090;
    public const int PgWireTransactionEnded = 4091;
    public const int PgWireRolledBackOnClose = 4092;
    public const int PgWireRollbackOnCloseFailed = 4093;
    public const int PgWireCopyDone = 4094;

    // PostgreSQL wire frontend, TLS and connection limits: 4095–4099.
    public const int PgWireWriteTimeout = 4095;
    public const int PgWireTlsFailed = 4096;
    public const int PgWireRefusedPerApp = 4097;
    public const int PgWireTlsRequired = 4098;

    // Sessions (silo/Sessions): 4100–4119.
    public const int SessionReportFailed = 4100;
    public const int SessionKillRequested = 4101;
}

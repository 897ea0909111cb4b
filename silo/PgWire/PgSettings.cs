namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The session settings the frontend answers itself (SHOW, SET, ParameterStatus), on every engine: a connection keeps
/// its own values; they are not applied to the engine in this version.
/// </summary>
internal static class PgSettings
{
    /// <summary>The version the frontend reports (PostgreSQL's wire and SQL dialect level it imitates).</summary>
    public const string ServerVersion = "15.0 (dyndb)";

    /// <summary>The answer to <c>SELECT version()</c> where the engine has no such function.</summary>
    public const string VersionText = "PostgreSQL 15.0 (dyndb wire frontend)";

    private static readonly (string Name, string Value, bool Reported)[] Defaults =
    [
        ("server_version", ServerVersion, true),
        ("server_encoding", "UTF8", true),
        ("client_encoding", "UTF8", true),
        ("DateStyle", "ISO, MDY", true),
        ("integer_datetimes", "on", true),
        ("standard_conforming_strings", "on", true),
        ("application_name", "", true),
        ("TimeZone", "UTC", true),
        ("IntervalStyle", "postgres", true),
        ("is_superuser", "off", true),
        ("session_authorization", "", true),
        ("search_path", "\"$user\", public", false),
        ("transaction_isolation", "read committed", false),
        ("default_transaction_isolation", "read committed", false),
        ("transaction_read_only", "off", false),
        ("max_identifier_length", "63", false),
        ("statement_timeout", "0", false),
        ("lc_messages", "C", false),
        ("extra_float_digits", "1", false),
    ];

    /// <summary>The ParameterStatus values sent after authentication, with the client's own values (application_name...).</summary>
    public static IEnumerable<(string Name, string Value)> Reported(IReadOnlyDictionary<string, string> session) =>
        Defaults.Where(d => d.Reported).Select(d => (d.Name, Get(session, d.Name) ?? d.Value));

    /// <summary>True when a change of <paramref name="name"/> is reported to the client with a ParameterStatus.</summary>
    public static bool IsReported(string name) => Defaults.Any(d => d.Reported && d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The session's value of <paramref name="name"/>, its default, or null for an unknown setting.</summary>
    public static string? Get(IReadOnlyDictionary<string, string> session, string name)
    {
        if (session.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var d in Defaults)
        {
            if (d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return d.Value;
            }
        }

        return null;
    }

    /// <summary>The canonical spelling of a known setting (e.g. <c>timezone</c> → <c>TimeZone</c>), else the name as given.</summary>
    public static string Canonical(string name) =>
        Defaults.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Name ?? name;
}

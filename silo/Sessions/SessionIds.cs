using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.DynamicDb.Silo.Sessions;

/// <summary>Session ids: made for new sessions, and checked where a client or an operator gives one.</summary>
internal static partial class SessionIds
{
    /// <summary>The longest session id and the longest <c>X-Session-Id</c> header.</summary>
    public const int MaxLength = 64;

    /// <summary>A new PostgreSQL wire connection's id: <c>pg-</c> and a time-ordered UUID.</summary>
    public static string ForPgWire() => "pg-" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// An HTTP client's id: <c>http-</c> and a hash of its app and either its <c>X-Session-Id</c> or its credential id
    /// and address, so two apps naming their sessions alike never share one.
    /// </summary>
    public static string ForHttp(string app, string? clientSessionId, string credentialId, string clientAddress)
    {
        var source = clientSessionId is null ? $"{app}\0auto\0{credentialId}\0{clientAddress}" : $"{app}\0named\0{clientSessionId}";
        return "http-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..24];
    }

    /// <summary>True when <paramref name="id"/> has the allowed length and characters (letters, digits, '-', '_', '.').</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Allowed().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}

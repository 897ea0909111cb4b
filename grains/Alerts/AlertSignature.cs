using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Alerts;

/// <summary>The <c>X-DynDb-Signature</c> header: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body keyed with the webhook's secret.</summary>
public static class AlertSignature
{
    /// <summary>The header's name.</summary>
    public const string Header = "X-DynDb-Signature";

    /// <summary>The header's value for <paramref name="body"/> (UTF-8 bytes as sent) and <paramref name="secret"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="header"/> is the signature of <paramref name="body"/> (constant-time comparison).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, body));
        var actual = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>The SHA-256 hash API keys are kept and compared as.</summary>
internal static class ApiKeyHash
{
    /// <summary>The length of a hash in bytes.</summary>
    public const int Length = SHA256.HashSizeInBytes;

    /// <summary>The hash of a key's UTF-8 bytes.</summary>
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Parses 64 hex digits (either case); false for anything else.</summary>
    public static bool TryParseHex(string? hex, out byte[] hash)
    {
        hash = [];
        var text = hex?.Trim();
        if (text is null || text.Length != Length * 2 || !text.All(Uri.IsHexDigit))
        {
            return false;
        }

        hash = Convert.FromHexString(text);
        return true;
    }

    /// <summary>The hex form, e.g. for documentation and tests.</summary>
    public static string ToHex(string key) => Convert.ToHexString(Of(key)).ToLower(CultureInfo.InvariantCulture);
}

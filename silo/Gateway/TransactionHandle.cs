using System.Buffers;
using System.Buffers.Text;
using Orleans.DynamicDb.Silo.Auth;
using System.Text;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// The id an HTTP client holds for an interactive transaction: <c>tx.{base64url("{app}/{database}")}.{grain id}</c>. It
/// carries the database, so any silo finds the transaction's database grain without state of its own; the app in it must
/// be the caller's, and the grain id (<c>tx_</c> and 32 hex digits, random) must be open in that database, so a forged
/// id or another app's id answers 404 <c>transaction.not_found</c> and never reaches another tenant's transaction.
/// </summary>
internal static class TransactionHandle
{
    private const string Prefix = "tx.";
    private const int MaxLength = 256;
    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdef");

    /// <summary>The handle of grain transaction <paramref name="transactionId"/> of <paramref name="name"/>.</summary>
    public static string Format(DatabaseName name, string transactionId) =>
        Prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(name.Key)) + "." + transactionId;

    /// <summary>The database and grain transaction id of <paramref name="handle"/>, checked to belong to the caller's app.</summary>
    public static (DatabaseName Name, string TransactionId) Parse(HttpContext http, string handle)
    {
        var app = http.User.GetApp();
        if (handle.Length <= MaxLength && handle.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var parts = handle[Prefix.Length..].Split('.');
            if (parts.Length == 2 && IsGrainId(parts[1]) && TryDecode(parts[0]) is { } key)
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && string.Equals(key[..slash], app, StringComparison.Ordinal))
                {
                    try
                    {
                        return (DatabaseName.Create(app, key[(slash + 1)..]), parts[1]);
                    }
                    catch (DynamicDbException)
                    {
                        // Not a database name: the handle is not one this gateway made.
                    }
                }
            }
        }

        throw new DynamicDbException(ErrorCodes.TransactionNotFound,
            $"No open transaction of app '{app}' has the id '{(handle.Length <= 80 ? handle : handle[..80] + "...")}': open one with POST {GatewayEndpoints.BasePath}/transactions.");
    }

    private static bool IsGrainId(string id) =>
        id.Length == 35 && id.StartsWith("tx_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept(Hex);

    private static string? TryDecode(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

using System.Text.Unicode;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>
/// Checks that a query-string parameter is UTF-8 text once percent-decoded. The server's own decoding replaces bad
/// bytes with U+FFFD, so the check reads the raw query string.
/// </summary>
internal static class QueryText
{
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the parameter.</exception>
    public static void Check(HttpRequest request, string parameter)
    {
        var query = request.QueryString.Value;
        if (string.IsNullOrEmpty(query))
        {
            return;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            if (equals >= 0 && Uri.UnescapeDataString(key) == parameter && !Utf8.IsValid(Decode(pair.AsSpan(equals + 1))))
            {
                throw JsonFields.Invalid(
                    $"The query parameter '{parameter}' is not valid UTF-8 text once percent-decoded: encode it as UTF-8, e.g. %C3%A9 for é.");
            }
        }
    }

    /// <summary>The bytes of a percent-encoded value ('+' is a space).</summary>
    private static byte[] Decode(ReadOnlySpan<char> value)
    {
        var bytes = new List<byte>(value.Length);
        Span<byte> encoded = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add((byte)((Hex(value[i + 1]) << 4) | Hex(value[i + 2])));
                i += 2;
            }
            else if (value[i] == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                System.Text.Rune.DecodeFromUtf16(value[i..], out var rune, out var consumed);
                var length = rune.EncodeToUtf8(encoded);
                bytes.AddRange(encoded[..length]);
                i += consumed - 1;
            }
        }

        return [.. bytes];
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

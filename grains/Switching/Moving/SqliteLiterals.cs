using System.Globalization;
using System.Text;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// Parses the row images SQLite change triggers record: SQLite <c>quote()</c> literals joined by commas (NULL, integers,
/// reals printed so that they read back exactly, '...' texts with '' escapes, X'..' blobs).
/// </summary>
internal static class SqliteLiterals
{
    /// <summary>The values of <paramref name="image"/>, in order.</summary>
    public static List<object?> Parse(string image)
    {
        var values = new List<object?>();
        var i = 0;
        while (i < image.Length)
        {
            values.Add(ReadOne(image, ref i));
            if (i < image.Length)
            {
                if (image[i] != ',')
                {
                    throw new FormatException($"Unexpected '{image[i]}' at {i} in a change image.");
                }

                i++;
            }
        }

        return values;
    }

    private static object? ReadOne(string s, ref int i)
    {
        if (s[i] == '\'')
        {
            var text = new StringBuilder();
            i++;
            while (true)
            {
                var end = s.IndexOf('\'', i);
                if (end < 0)
                {
                    throw new FormatException("An unterminated text in a change image.");
                }

                text.Append(s, i, end - i);
                i = end + 1;
                if (i < s.Length && s[i] == '\'')
                {
                    text.Append('\'');
                    i++;
                    continue;
                }

                return text.ToString();
            }
        }

        if (s[i] is 'X' or 'x' && i + 1 < s.Length && s[i + 1] == '\'')
        {
            var end = s.IndexOf('\'', i + 2);
            var bytes = Convert.FromHexString(s.AsSpan(i + 2, end - i - 2));
            i = end + 1;
            return bytes;
        }

        var stop = s.IndexOf(',', i);
        var token = stop < 0 ? s[i..] : s[i..stop];
        i += token.Length;
        if (token == "NULL")
        {
            return null;
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        return double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

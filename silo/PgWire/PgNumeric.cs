using System.Buffers.Binary;
using System.Globalization;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>PostgreSQL's binary <c>numeric</c>: ndigits, weight, sign, dscale, then base-10000 digits (all int16).</summary>
internal static class PgNumeric
{
    /// <summary>The longest binary form of a <see cref="decimal"/> (29 digits fit in 9 groups, plus one for alignment).</summary>
    public const int MaxBinaryLength = 8 + (2 * 10);

    /// <summary>Writes <paramref name="value"/> and answers the bytes written.</summary>
    public static int Write(Span<byte> destination, decimal value)
    {
        Span<char> text = stackalloc char[64];
        Math.Abs(value).TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        var digits = text[..length];
        var dot = digits.IndexOf('.');
        var integer = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? [] : digits[(dot + 1)..];
        if (integer is "0")
        {
            integer = [];
        }

        var integerGroups = (integer.Length + 3) / 4;
        var fractionGroups = (fraction.Length + 3) / 4;
        Span<short> groups = stackalloc short[integerGroups + fractionGroups];
        for (var g = 0; g < integerGroups; g++)
        {
            // Right-aligned groups of four digits of the integer part.
            var end = integer.Length - ((integerGroups - 1 - g) * 4);
            groups[g] = Group(integer[Math.Max(0, end - 4)..end]);
        }

        for (var g = 0; g < fractionGroups; g++)
        {
            var start = g * 4;
            var part = fraction[start..Math.Min(fraction.Length, start + 4)];
            var group = Group(part);
            for (var pad = part.Length; pad < 4; pad++)
            {
                group *= 10;
            }

            groups[integerGroups + g] = group;
        }

        var weight = integerGroups - 1;
        var first = 0;
        while (first < groups.Length && groups[first] == 0)
        {
            first++;
            weight--;
        }

        var last = groups.Length;
        while (last > first && groups[last - 1] == 0)
        {
            last--;
        }

        var used = groups[first..last];
        if (used.IsEmpty)
        {
            weight = 0;
        }

        BinaryPrimitives.WriteInt16BigEndian(destination, (short)used.Length);
        BinaryPrimitives.WriteInt16BigEndian(destination[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(destination[4..], value < 0 ? (short)0x4000 : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(destination[6..], (short)fraction.Length);
        for (var i = 0; i < used.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(destination[(8 + (2 * i))..], used[i]);
        }

        return 8 + (2 * used.Length);
    }

    /// <summary>Reads a binary numeric; NaN and infinities (which <see cref="decimal"/> cannot hold) are refused.</summary>
    public static decimal Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < 8)
        {
            throw Invalid();
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(source);
        var weight = BinaryPrimitives.ReadInt16BigEndian(source[2..]);
        var sign = (ushort)BinaryPrimitives.ReadInt16BigEndian(source[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(source[6..]);
        if (sign is not (0 or 0x4000) || count < 0 || source.Length != 8 + (2 * count) || scale is < 0 or > 28)
        {
            throw Invalid();
        }

        decimal result = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = BinaryPrimitives.ReadInt16BigEndian(source[(8 + (2 * i))..]);
            var exponent = weight - i;
            result += digit * Power(exponent);
        }

        result = Math.Round(result, scale);
        return sign == 0x4000 ? -result : result;
    }

    private static decimal Power(int exponent)
    {
        decimal p = 1;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            p *= 10000;
        }

        return exponent >= 0 ? p : 1 / p;
    }

    private static short Group(ReadOnlySpan<char> digits)
    {
        short value = 0;
        foreach (var c in digits)
        {
            value = (short)((value * 10) + (c - '0'));
        }

        return value;
    }

    private static PgWireException Invalid() => new(PgSqlState.InvalidBinaryRepresentation, "invalid binary numeric value");
}

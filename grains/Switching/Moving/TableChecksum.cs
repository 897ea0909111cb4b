using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>
/// The content checksum of one table, the same on every engine: each row's canonical values (see <see cref="ValueKind"/>;
/// 1 and true are the same boolean, 1.50 and 1.5 the same number) are encoded one way and hashed with SHA-256, and the
/// row hashes are added up (two 64-bit lanes, wrapping). The sum does not depend on row order, so neither engine has to
/// sort (their collations differ); a changed, missing or extra row changes it.
/// </summary>
internal sealed class TableChecksum
{
    private readonly StringBuilder _row = new();
    private ulong _high;
    private ulong _low;

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>The checksum as 32 hex digits.</summary>
    public string Hex => _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Adds one row of canonical values, in column order.</summary>
    public void Add(IReadOnlyList<object?> values)
    {
        _row.Clear();
        foreach (var value in values)
        {
            Append(_row, value);
            _row.Append('\u001f');
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString()), hash);
        unchecked
        {
            _high += BinaryPrimitives.ReadUInt64BigEndian(hash);
            _low += BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        }

        Rows++;
    }

    private static void Append(StringBuilder row, object? value)
    {
        switch (value)
        {
            case null:
                row.Append('N');
                break;
            case bool b:
                row.Append('i').Append(b ? '1' : '0');
                break;
            case long l:
                row.Append('i').Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                row.Append('r').Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case decimal m:
                row.Append('n').Append((m / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
                break;
            case byte[] bytes:
                row.Append('b').Append(Convert.ToHexString(bytes));
                break;
            case string s:
                row.Append('s').Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);
                break;
            default:
                row.Append('?').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

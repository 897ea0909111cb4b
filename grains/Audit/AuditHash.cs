using System.Security.Cryptography;
using System.Text.Json;

namespace Orleans.DynamicDb.Audit;

/// <summary>
/// The hash chain of the audit log: a row's hash is SHA-256 (lower-case hex) over the canonical form of its fields, the
/// JSON array <c>[prev_hash, seq, at_ms, actor, action, target, result, details]</c> (UTF-8, no whitespace), so no two
/// different rows share a canonical form. The first row's previous hash is <see cref="Genesis"/>.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first row: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The hash of a row with these fields.</summary>
    public static string Of(string prevHash, long seq, long atMs, string actor, string action, string target, string result, string details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(prevHash);
            writer.WriteNumberValue(seq);
            writer.WriteNumberValue(atMs);
            writer.WriteStringValue(actor);
            writer.WriteStringValue(action);
            writer.WriteStringValue(target);
            writer.WriteStringValue(result);
            writer.WriteStringValue(details);
            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>The hash <paramref name="record"/> should carry given its fields.</summary>
    public static string Of(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Of(record.PrevHash, record.Seq, record.At.ToUnixTimeMilliseconds(), record.Actor, record.Action, record.Target, record.Result, record.Details);
    }

    /// <summary>Details as canonical JSON: an object whose keys are sorted ordinally; <c>{}</c> for none.</summary>
    public static string CanonicalDetails(IReadOnlyDictionary<string, string>? details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in (details ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

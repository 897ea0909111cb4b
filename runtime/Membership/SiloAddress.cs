using System.Globalization;
using System.Net;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// A silo's identity: the endpoint its silo-to-silo transport listens on plus a generation (its start time in
/// milliseconds), so a silo restarted on the same endpoint is a different silo. Parsable form: <c>127.0.0.1:11111@1763700000000</c>.
/// </summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>The transport endpoint.</summary>
    public IPEndPoint EndPoint => new(IPAddress.Parse(Host), Port);

    /// <summary>A new identity for a silo starting now on <paramref name="endPoint"/>.</summary>
    public static SiloAddress New(IPEndPoint endPoint, TimeProvider time) =>
        new(endPoint.Address.ToString(), endPoint.Port, time.GetUtcNow().ToUnixTimeMilliseconds());

    public string ToParsableString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}@{Generation.ToString(CultureInfo.InvariantCulture)}";

    public static SiloAddress FromParsableString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        var colon = at > 0 ? value.LastIndexOf(':', at) : -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || !IPAddress.TryParse(value.AsSpan(0, colon), out _))
        {
            throw new FormatException($"'{value}' is not a silo address: expected '{{ip}}:{{port}}@{{generation}}', e.g. '127.0.0.1:11111@1763700000000'.");
        }

        return new SiloAddress(value[..colon], port, generation);
    }

    public override string ToString() => ToParsableString();
}

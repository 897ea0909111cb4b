using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Tests.Infrastructure;

/// <summary>Reads the JSON of /health/live and /health/ready.</summary>
internal sealed record HealthJson(string Status, IReadOnlyDictionary<string, HealthJson.Check> Checks)
{
    public static HealthJson Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var checks = root.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => new Check(
                c.GetProperty("status").GetString()!,
                c.GetProperty("description").GetString(),
                c.TryGetProperty("data", out var data) ? data.Clone() : null));
        return new HealthJson(root.GetProperty("status").GetString()!, checks);
    }

    /// <summary>The "starts" the silo check reports: how often the silo has started on its data directory.</summary>
    public int SiloStarts => Checks["silo"].Data!.Value.GetProperty("starts").GetInt32();

    internal sealed record Check(string Status, string? Description, JsonElement? Data);
}

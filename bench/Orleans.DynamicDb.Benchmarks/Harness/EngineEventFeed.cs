using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>Reads <c>GET /v1/engines/events</c> page by page with its cursor and keeps every event seen.</summary>
internal sealed class EngineEventFeed(HttpClient admin)
{
    private readonly List<EngineEventRecord> _events = [];
    private string _cursor = "0";

    public IReadOnlyList<EngineEventRecord> Events => _events;

    /// <summary>Reads every event published since the last call.</summary>
    public async Task<IReadOnlyList<EngineEventRecord>> PollAsync()
    {
        var added = new List<EngineEventRecord>();
        while (true)
        {
            var body = await HaSiloProcess.GetOkAsync(admin, $"/v1/engines/events?since={Uri.EscapeDataString(_cursor)}&limit=1000");
            using var document = JsonDocument.Parse(body);
            var page = document.RootElement.GetProperty("events").EnumerateArray().Select(Read).ToList();
            _cursor = document.RootElement.GetProperty("next").GetString() ?? _cursor;
            added.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }
        }

        _events.AddRange(added);
        return added;
    }

    private static EngineEventRecord Read(JsonElement e) => new(
        e.GetProperty("engine").GetString()!,
        e.GetProperty("sequence").GetInt64(),
        e.GetProperty("at").GetDateTimeOffset(),
        e.GetProperty("type").GetString()!,
        e.GetProperty("from").GetString(),
        e.GetProperty("to").GetString(),
        e.GetProperty("reason").GetString()!,
        e.GetProperty("duration_ms").ValueKind == JsonValueKind.Number ? e.GetProperty("duration_ms").GetDouble() : null);
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The admin switch API of issue 10: <c>POST /v1/admin/databases/{app}/{database}/switch</c> with the seed's body, on a
/// client of its own whose timeout covers the switch's own <c>timeout_seconds</c> (the silo's admin client has 60 s).
/// Reads the answer leniently (a member missing from it stays null) so that a contract drift shows in the report.
/// </summary>
internal sealed class SwitchClient : IDisposable
{
    private static readonly string[] Finished = ["completed", "rolled_back", "failed", "rejected", "expired"];
    private readonly HttpClient _http;

    public SwitchClient(Uri address, string adminKey, TimeSpan timeout)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = timeout + TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Add("X-API-Key", adminKey);
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    /// <summary>Switches <paramref name="database"/> of <paramref name="app"/> to <paramref name="target"/> and answers when the switch has ended.</summary>
    public async Task<SwitchAnswer> SwitchAsync(string app, string database, string target)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["target_engine"] = target,
            ["switch_mode"] = "graceful",
            ["timeout_seconds"] = (int)Timeout.TotalSeconds,
            ["validate_target"] = true,
            ["rollback_on_failure"] = true,
        });
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync($"/v1/admin/databases/{app}/{database}/switch", content);
        var body = await response.Content.ReadAsStringAsync();
        var answer = Read((int)response.StatusCode, body);

        // The contract answers at the end; should an implementation answer at once with a running switch, poll its record.
        var started = Stopwatch.GetTimestamp();
        while (answer.Status is >= 200 and < 300 && answer.Id is not null && answer.State is not null && !Finished.Contains(answer.State))
        {
            if (Stopwatch.GetElapsedTime(started) > Timeout + TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Switch {answer.Id} still '{answer.State}' {Timeout.TotalSeconds + 60} s after its answer: {answer.Body}");
            }

            await Task.Delay(100);
            using var polled = await _http.GetAsync($"/v1/admin/switches/{Uri.EscapeDataString(answer.Id)}");
            answer = Read((int)polled.StatusCode, await polled.Content.ReadAsStringAsync());
        }

        return answer;
    }

    private static SwitchAnswer Read(int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new SwitchAnswer(status, false, null, null, null, null, null, null, null, null, "not a JSON object", body);
            }

            var validation = root.TryGetProperty("validation", out var v) && v.ValueKind == JsonValueKind.Object ? v : (JsonElement?)null;
            bool? passed = validation is { } report && report.TryGetProperty("passed", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? p.GetBoolean()
                : null;
            var state = Text(root, "state");
            var success = root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.True
                || (status is >= 200 and < 300 && !root.TryGetProperty("success", out _) && state == "completed");
            return new SwitchAnswer(
                status,
                success,
                Text(root, "id"),
                state,
                Number(root, "switch_duration_ms") ?? Number(root, "duration_ms"),
                Number(root, "write_pause_ms"),
                Text(root, "old_engine") ?? Text(root, "source"),
                Text(root, "new_engine") ?? Text(root, "target"),
                (long?)(Number(root, "rows_copied")),
                passed,
                Text(root, "error") ?? Text(root, "detail"),
                body);
        }
        catch (JsonException e)
        {
            return new SwitchAnswer(status, false, null, null, null, null, null, null, null, null, $"not JSON: {e.Message}", body);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => value.GetRawText(),
            _ => value.GetRawText(),
        } : null;

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : root.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    public void Dispose() => _http.Dispose();
}

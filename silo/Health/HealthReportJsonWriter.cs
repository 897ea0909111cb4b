using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.DynamicDb.Silo.Health;

/// <summary>
/// Writes a health report as JSON: the overall status and each check by name, e.g.
/// <c>{"status":"Healthy","checks":[{"name":"silo","status":"Healthy","description":"...","data":{...}}]}</c>.
/// Exceptions are reported by their message only, never with a stack trace.
/// </summary>
internal static class HealthReportJsonWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, report);
        }

        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static void Write(Utf8JsonWriter json, HealthReport report)
    {
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", entry.Status.ToString());
            json.WriteString("description", entry.Description ?? entry.Exception?.Message);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
            if (entry.Data.Count > 0)
            {
                json.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    json.WritePropertyName(key);
                    JsonSerializer.Serialize(json, value, value?.GetType() ?? typeof(object));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

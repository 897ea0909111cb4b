using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Problems;

/// <summary>Writes a <see cref="GatewayProblem"/> as <c>application/problem+json</c>.</summary>
internal static class ProblemWriter
{
    public const string ContentType = "application/problem+json";

    /// <summary>The id that ties a response to its log lines.</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;

    public static async Task WriteAsync(HttpContext context, GatewayProblem problem)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        if (problem.Transient && problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = (problem.RetryAfterSeconds ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var json = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", problem.Type);
        json.WriteString("title", problem.Title);
        json.WriteNumber("status", problem.Status);
        json.WriteString("detail", problem.Detail);
        json.WriteString("instance", context.Request.Path.Value);
        json.WriteBoolean("transient", problem.Transient);
        json.WriteString("trace_id", TraceId(context));
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}

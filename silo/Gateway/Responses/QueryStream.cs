using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>
/// The streamed answer of <c>/v1/database/query</c>: <c>{"columns": [...], "items": [...], "count": N, "truncated": false}</c>,
/// written page by page as the database grain reads them, each page flushed, so the first rows leave before the last
/// ones are read and a request never holds more than a page. The first page was read before the answer started (its
/// failures are ordinary problems); a failure after that ends the JSON with <c>"truncated": true</c> and an
/// <c>"error"</c> member. A client that goes away closes the cursor.
/// </summary>
internal sealed partial class QueryStream(IDatabaseGrain grain, QueryPage first, DatabaseGateway gateway, ILogger<QueryStream> logger) : IResult
{
    /// <summary>Flush inside a page once this much JSON is pending, so a page of wide rows is not held whole.</summary>
    private const int FlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var http = httpContext;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";

        var page = first;
        var keys = QueryResponse.UniqueKeys(page.Columns);
        long count = 0;
        var truncated = false;
        GatewayProblem? error = null;
        await using var json = new Utf8JsonWriter(response.Body, WriterOptions);
        try
        {
            json.WriteStartObject();
            json.WriteStartArray("columns");
            foreach (var column in page.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteStartArray("items");
            while (true)
            {
                count += await WriteRowsAsync(json, keys, page, http.RequestAborted).ConfigureAwait(false);
                if (page.Cursor is not { } cursor)
                {
                    truncated = page.Truncated;
                    break;
                }

                page = await gateway.BoundAsync(http, gateway.StatementLimit, ct => grain.NextPageAsync(cursor, ct)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested || e is IOException)
        {
            LogClientGone(http.Request.Path, count);
            json.Reset(); // nothing pending is written to a connection that is gone
            await CloseAsync(page.Cursor).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            error = ProblemMapper.TryMap(e);
            if (error is null)
            {
                var traceId = ProblemWriter.TraceId(http);
                LogUnexpected(e, http.Request.Path, count, traceId);
                error = ProblemMapper.Unexpected(traceId);
            }
            else
            {
                LogFailed(http.Request.Path, count, error.Type, error.Detail);
            }

            truncated = true;
            await CloseAsync(page.Cursor).ConfigureAwait(false);
        }

        json.WriteEndArray();
        json.WriteNumber("count", count);
        json.WriteBoolean("truncated", truncated);
        if (error is not null)
        {
            json.WriteStartObject("error");
            json.WriteString("type", error.Type);
            json.WriteString("detail", error.Detail);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        try
        {
            await json.FlushAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (http.RequestAborted.IsCancellationRequested || e is IOException)
        {
            LogClientGone(http.Request.Path, count);
            json.Reset();
        }
    }

    private static async Task<int> WriteRowsAsync(Utf8JsonWriter json, string[] keys, QueryPage page, CancellationToken cancellationToken)
    {
        foreach (var row in page.Rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < keys.Length && i < row.Count; i++)
            {
                json.WritePropertyName(keys[i]);
                QueryJson.WriteValue(json, row[i]);
            }

            json.WriteEndObject();
            if (json.BytesPending >= FlushThreshold)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        return page.Rows.Count;
    }

    /// <summary>Closes a cursor the answer will not read to its end; best effort (the grain also closes idle cursors).</summary>
    private async Task CloseAsync(string? cursor)
    {
        if (cursor is null)
        {
            return;
        }

        try
        {
            await grain.CloseCursorAsync(cursor, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogCloseFailed(e);
        }
    }
}

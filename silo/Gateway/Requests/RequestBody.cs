using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>
/// A request's JSON object, read whole with a size limit. Fields are read by name (unknown fields, such as an
/// <c>app</c>, are ignored: the app comes from the credential).
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private readonly JsonDocument _document;

    private RequestBody(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    /// <summary>Reads and parses the body; <c>request.too_large</c> beyond <paramref name="limit"/> bytes, <c>request.invalid</c> when it is not a JSON object or holds a string that is not text (naming the field).</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength is { } length && length > limit)
        {
            throw TooLarge(limit);
        }

        // The limit is enforced below, with a message naming the setting; the server's own limit (30 MB) steps aside.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } expected ? (int)Math.Max(expected, 256) : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (buffer.WrittenCount + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Advance(read);
        }

        if (buffer.WrittenCount == 0)
        {
            throw JsonFields.Invalid("The request body is empty: send a JSON object, e.g. {\"database\": \"users\"}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw JsonFields.Invalid($"The request body is not valid JSON: {e.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = JsonFields.Describe(document.RootElement);
            document.Dispose();
            throw JsonFields.Invalid($"The request body must be a JSON object, not {kind}.");
        }

        try
        {
            // Valid UTF-8 without any \u escape holds only text: the walk that names a bad field is needed otherwise.
            if (!Utf8.IsValid(buffer.WrittenSpan) || buffer.WrittenSpan.IndexOf("\\u"u8) >= 0)
            {
                JsonText.Check(document.RootElement);
            }
        }
        catch
        {
            document.Dispose();
            throw;
        }

        return new RequestBody(document);
    }

    public string RequiredString(string field) => JsonFields.RequiredString(Root, field);

    public string? OptionalString(string field) => JsonFields.OptionalString(Root, field);

    public double? OptionalNumber(string field) => JsonFields.OptionalNumber(Root, field);

    public bool OptionalBool(string field) => JsonFields.OptionalBool(Root, field);

    public JsonElement RequiredArray(string field) => JsonFields.RequiredArray(Root, field);

    public IReadOnlyList<object?> Args(string field) => JsonFields.Args(Root, field);

    public void Dispose() => _document.Dispose();

    private static DynamicDbException TooLarge(long limit) => new(
        ErrorCodes.RequestTooLarge,
        $"The request body is larger than {limit} bytes ({GatewayOptions.Setting(nameof(GatewayOptions.MaxRequestBodyBytes))}): send fewer rows per request.");
}

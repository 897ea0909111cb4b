using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Orleans.DynamicDb.Silo.Gateway.Requests;

/// <summary>
/// Checks that every string of a request body (values and property names, at any depth) is text: valid UTF-8 and no
/// unpaired surrogate escape (<c>"\ud800"</c>). The JSON parser accepts both and fails only when a value is read, so
/// without this check they surface as unexpected errors deep in a handler.
/// </summary>
internal static class JsonText
{
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the field as a JSON path, e.g. <c>queries[1].args[0]</c>.</exception>
    public static void Check(JsonElement element, string? path = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(element, path ?? "(body)");
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = PropertyName(property, path);
                    Check(property.Value, path is null ? name : $"{path}.{name}");
                }

                break;
        }
    }

    /// <summary>The first unpaired surrogate in <paramref name="text"/>, or -1 when it is well-formed UTF-16.</summary>
    public static int UnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckString(JsonElement element, string field)
    {
        string? text;
        try
        {
            text = element.GetString();
        }
        catch (InvalidOperationException)
        {
            throw Failure(field, JsonMarshal.GetRawUtf8Value(element));
        }

        if (text is not null && UnpairedSurrogate(text) is var at and >= 0)
        {
            throw Surrogate(field, text[at]);
        }
    }

    private static string PropertyName(JsonProperty property, string? path)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            throw JsonFields.Invalid($"A property name in '{path ?? "(body)"}' is not text: it holds invalid UTF-8 bytes or an unpaired surrogate escape.");
        }

        return UnpairedSurrogate(name) < 0
            ? name
            : throw JsonFields.Invalid($"A property name in '{path ?? "(body)"}' holds an unpaired surrogate escape: a \\uD800-\\uDFFF escape must be a high surrogate followed by a low one.");
    }

    private static Errors.DynamicDbException Failure(string field, ReadOnlySpan<byte> raw)
    {
        if (!Utf8.IsValid(raw))
        {
            return JsonFields.Invalid($"The field '{field}' is not valid UTF-8 text: send the body as UTF-8.");
        }

        return JsonFields.Invalid(
            $"The field '{field}' holds an unpaired surrogate escape: a \\uD800-\\uDFFF escape must be a high surrogate followed by a low one.");
    }

    private static Errors.DynamicDbException Surrogate(string field, char unit) => JsonFields.Invalid(
        $"The field '{field}' holds an unpaired surrogate (\\u{(int)unit:x4}): a \\uD800-\\uDFFF escape must be a high surrogate followed by a low one.");
}

using System.Collections;
using System.Globalization;
using System.Text.Json;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines;

/// <summary>Converts statement arguments for the engines and engine values for <see cref="Databases.QueryResult"/>.</summary>
internal static class EngineValues
{
    /// <summary>
    /// The argument as a CLR value an ADO.NET provider binds: JSON elements (from a deserialised request) become their
    /// natural CLR value; unsupported types are rejected with <c>request.invalid</c>.
    /// </summary>
    public static object? ToArgument(object? value, int position) => value switch
    {
        null or DBNull => null,
        string or bool or long or int or short or byte or sbyte or ushort or uint or double or float or decimal or byte[]
            or Guid or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan => value,
        ulong u => (decimal)u,
        char c => c.ToString(),
        JsonElement element => FromJson(element),
        _ => throw new DynamicDbException(ErrorCodes.RequestInvalid,
            $"Argument {position + 1} has the unsupported type '{value.GetType().Name}': use null, a string, a number, a boolean, a byte array, a GUID or a date."),
    };

    /// <summary>A value read from an engine, normalised as <see cref="Databases.QueryResult"/> documents.</summary>
    public static object? FromEngine(object? value, string? dataTypeName = null) => value switch
    {
        null or DBNull => null,
        string or bool or long or double or decimal or byte[] => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        sbyte sb => (long)sb,
        ushort us => (long)us,
        uint ui => (long)ui,
        ulong ul => (decimal)ul,
        float f => (double)f,
        char c => c.ToString(),
        DateTime d when dataTypeName == "date" => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IEnumerable sequence => ToJson(sequence),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when element.TryGetInt64(out var l) => l,
        JsonValueKind.Number when element.TryGetDecimal(out var m) => m,
        JsonValueKind.Number => element.GetDouble(),
        _ => element.GetRawText(),
    };

    private static string ToJson(IEnumerable sequence)
    {
        try
        {
            return JsonSerializer.Serialize(sequence);
        }
        catch (NotSupportedException)
        {
            return sequence.ToString() ?? "";
        }
    }
}

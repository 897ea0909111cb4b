using System.Text.Json;

namespace Orleans.DynamicDb.Silo.Gateway.Responses;

/// <summary>Writes one result value as JSON, the same way <see cref="GatewayJson.Options"/> serialises it.</summary>
internal static class QueryJson
{
    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case long integer:
                json.WriteNumberValue(integer);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case double real when double.IsFinite(real):
                json.WriteNumberValue(real);
                break;
            case decimal exact:
                json.WriteNumberValue(exact);
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            default:
                JsonSerializer.Serialize(json, value, value.GetType(), GatewayJson.Options);
                break;
        }
    }
}

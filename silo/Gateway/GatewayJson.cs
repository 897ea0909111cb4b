using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>How gateway answers are written: property names as declared (snake_case), NaN and infinities as strings.</summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>A JSON answer with <paramref name="status"/>.</summary>
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);
}

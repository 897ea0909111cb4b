using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// How gateway answers are written: property names as declared (snake_case), NaN and infinities as strings, and
/// text escaped only where JSON requires it (answers are <c>application/json</c>, never embedded in HTML).
/// </summary>
internal static class GatewayJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON answer with <paramref name="status"/>.</summary>
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: status);
}

using Orleans.DynamicDb.Silo.Gateway.Requests;

namespace Orleans.DynamicDb.Silo.Admin;

/// <summary>
/// The <c>wait</c> query parameter of <c>POST /v1/admin/databases/{app}/{database}/switch</c>: <c>true</c> (the default)
/// answers once the switch ended; <c>false</c> answers at once with the switch's id and state <c>running</c>, to be
/// followed with <c>GET /v1/admin/switches/{id}</c> (the <c>dyndb switch</c> command's live display).
/// </summary>
internal static class SwitchWaitQuery
{
    /// <summary>The parameter's name.</summary>
    public const string Parameter = "wait";

    /// <summary>Reads <c>wait</c>: absent or <c>true</c> → true, <c>false</c> → false.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>request.invalid</c> naming the parameter and its value.</exception>
    public static bool Read(HttpRequest request)
    {
        QueryText.Check(request, Parameter);
        var values = request.Query[Parameter];
        return values.Count switch
        {
            0 => true,
            1 when values[0] == "true" => true,
            1 when values[0] == "false" => false,
            1 => throw JsonFields.Invalid($"The query parameter '{Parameter}' must be true or false; it is '{Shown(values[0] ?? "")}'."),
            _ => throw JsonFields.Invalid($"The query parameter '{Parameter}' is given {values.Count} times; give it once."),
        };
    }

    private static string Shown(string text) => text.Length <= 20 ? text : text[..20] + "...";
}

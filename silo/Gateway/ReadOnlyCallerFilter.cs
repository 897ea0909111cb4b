using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.Gateway;

/// <summary>
/// Refuses a read-only caller (<see cref="AppClaims.IsReadOnly"/>) on an endpoint that writes, before its body is read:
/// <c>auth.read_only</c> (403) naming the credential's app. Reads pass; the query endpoint runs them read-only in the engine.
/// </summary>
internal sealed class ReadOnlyCallerFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.IsReadOnly())
        {
            throw new DynamicDbException(
                ErrorCodes.AuthReadOnly,
                $"The credential of app '{http.User.GetApp()}' is read-only: {http.Request.Method} {http.Request.Path} changes data or schema and is refused. "
                + $"Read with {GatewayEndpoints.BasePath}/query (run read-only) or use a key without ReadOnly.");
        }

        return next(context);
    }
}

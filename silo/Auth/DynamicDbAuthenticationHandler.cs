using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Errors;
using Orleans.DynamicDb.Silo.Hosting;
using Orleans.DynamicDb.Silo.Problems;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Authenticates gateway callers by API key (<c>X-API-Key: key</c> or <c>Authorization: Bearer key</c>) or by JWT
/// (<c>Authorization: Bearer token</c>; a bearer value of three dot-separated parts is taken as a JWT). The principal
/// carries the app of the credential. A refused or missing credential is answered with a 401 problem.
/// </summary>
internal sealed partial class DynamicDbAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore apiKeys,
    JwtValidator jwt) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "DynamicDb";

    public const string ApiKeyHeader = "X-API-Key";

    private const string MissingCredential =
        "No credential: send an API key as 'X-API-Key: <key>' or 'Authorization: Bearer <key>', or a JWT as 'Authorization: Bearer <token>'.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (headers.TryGetValue(ApiKeyHeader, out var apiKeyValues))
        {
            return Task.FromResult(apiKeyValues.Count == 1 && !string.IsNullOrWhiteSpace(apiKeyValues[0])
                ? FromApiKey(apiKeyValues[0]!.Trim())
                : Refuse($"The {ApiKeyHeader} header must hold exactly one non-empty key."));
        }

        if (!headers.TryGetValue("Authorization", out var authorization))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        const string Bearer = "Bearer ";
        var value = authorization.Count == 1 ? authorization[0] : null;
        if (value is null || !value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(value[Bearer.Length..]))
        {
            return Task.FromResult(Refuse("The Authorization header must be 'Bearer <API key or JWT>'."));
        }

        var credential = value[Bearer.Length..].Trim();
        return Task.FromResult(JwtValidator.LooksLikeJwt(credential) ? FromJwt(credential) : FromApiKey(credential));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var detail = result.Failure?.Message ?? MissingCredential;
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"dynamicdb\", ApiKey header=\"{ApiKeyHeader}\"";
        await ProblemWriter.WriteAsync(Context, ProblemMapper.Map(new DynamicDbException(ErrorCodes.AuthDenied, detail))).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemWriter.WriteAsync(Context, ProblemMapper.Map(new DynamicDbException(ErrorCodes.AuthDenied, "The credential does not allow this request.")) with
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Forbidden",
        });

    private AuthenticateResult FromApiKey(string key) =>
        apiKeys.FindApp(key) is { } app
            ? Success(app, "api_key")
            : Refuse("The API key is not valid.");

    private AuthenticateResult FromJwt(string token)
    {
        var (app, failure) = jwt.Validate(token);
        return app is not null ? Success(app, "jwt") : Refuse(failure!);
    }

    private AuthenticateResult Success(string app, string credential) =>
        AuthenticateResult.Success(new AuthenticationTicket(AppClaims.Principal(app, credential, SchemeName), SchemeName));

    private AuthenticateResult Refuse(string reason)
    {
        LogAuthenticationFailed(Logger, Request.Method, Request.Path, reason);
        return AuthenticateResult.Fail(reason);
    }

    [LoggerMessage(EventId = SiloEventIds.AuthenticationFailed, Level = LogLevel.Debug, Message = "{Method} {Path}: credential refused: {Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string method, string path, string reason);
}

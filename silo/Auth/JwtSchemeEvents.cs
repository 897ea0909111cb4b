using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The product's rules around the JwtBearer handler: tokens are refused outright when no signing key is configured,
/// a validated token must name a valid application in its <c>app</c> claim (and may carry a boolean <c>read_only</c>
/// claim, see <see cref="AppClaims.ReadOnly"/>) and becomes a principal of that app, and
/// every refusal is answered with the gateway's 401 problem, whose detail says why without repeating the token.
/// </summary>
internal sealed class JwtSchemeEvents(IOptions<AuthOptions> options, ILogger<JwtSchemeEvents> logger) : JwtBearerEvents
{
    private readonly bool _enabled = !string.IsNullOrEmpty(options.Value.Jwt.SigningKey);

    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (!_enabled)
        {
            Refuse(context, $"JWTs are not accepted: {AuthOptions.Setting("Jwt:SigningKey")} is not configured. Use an API key.");
        }

        return Task.CompletedTask;
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        // Whatever a malformed token makes the library throw, the caller gets a 401, never a 500.
        Refuse(context, JwtFailure.Describe(context.Exception));
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var app = context.Principal?.FindFirst(AppClaims.App)?.Value;
        var readOnly = context.Principal?.FindFirst(AppClaims.ReadOnly)?.Value;
        if (JwtFailure.AppProblem(app) is { } problem)
        {
            Refuse(context, problem);
        }
        else if (readOnly is not null && !bool.TryParse(readOnly, out _))
        {
            Refuse(context, $"The token's '{AppClaims.ReadOnly}' claim must be true or false; it is '{(readOnly.Length > 20 ? readOnly[..20] + "..." : readOnly)}'.");
        }
        else
        {
            context.Principal = AppClaims.Principal(app!, "jwt", context.Scheme.Name, readOnly: readOnly is not null && bool.Parse(readOnly));
        }

        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        return AuthProblems.WriteChallengeAsync(context.HttpContext, context.AuthenticateFailure?.Message);
    }

    public override Task Forbidden(ForbiddenContext context) => AuthProblems.WriteForbiddenAsync(context.HttpContext);

    private void Refuse<TOptions>(ResultContext<TOptions> context, string reason)
        where TOptions : AuthenticationSchemeOptions
    {
        AuthLog.Refused(logger, context.Request, reason);
        context.Fail(reason);
    }
}

using Microsoft.IdentityModel.Tokens;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// The lifetime check of gateway tokens, plugged into the JwtBearer handler as
/// <see cref="TokenValidationParameters.LifetimeValidator"/> so that "now" comes from the injected
/// <see cref="TimeProvider"/> (the library's own check reads the system clock): <c>exp</c> is required, <c>nbf</c> is
/// honoured when present, both with <see cref="JwtOptions.ClockSkew"/>. A refusal throws the library's exception for
/// it, which <see cref="JwtFailure.Describe"/> turns into the answer.
/// </summary>
internal sealed class JwtLifetime(TimeProvider time, TimeSpan clockSkew)
{
    public bool Validate(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no expiry.");
        }

        if (notBefore is { } start && start > expiry)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = start, Expires = expiry };
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (expiry.ToUniversalTime() + clockSkew < now)
        {
            throw new SecurityTokenExpiredException("The token expired.") { Expires = expiry };
        }

        if (notBefore is { } from && from.ToUniversalTime() - clockSkew > now)
        {
            throw new SecurityTokenNotYetValidException("The token is not yet valid.") { NotBefore = from };
        }

        return true;
    }
}

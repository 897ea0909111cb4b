using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Silo.Auth;

/// <summary>
/// Checks <see cref="AuthOptions"/> when the host starts; every failure names the setting. With the
/// <paramref name="configuration"/> it also reads the raw <c>ApiKeys:N:ReadOnly</c> values: the configuration binder
/// silently drops a list entry it cannot convert, so a mistyped <c>ReadOnly</c> would otherwise lose the key.
/// </summary>
internal sealed partial class AuthOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<AuthOptions>
{
    /// <summary>The shortest accepted plain-text API key.</summary>
    public const int MinKeyLength = 16;

    /// <summary>The shortest accepted HS256 signing key, in bytes.</summary>
    public const int MinSigningKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            ValidateKey(AuthOptions.Setting($"ApiKeys:{i}"), options.ApiKeys[i], failures, seen);
        }

        var seenAdmin = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.AdminKeys.Count; i++)
        {
            ValidateAdminKey(AuthOptions.Setting($"AdminKeys:{i}"), options.AdminKeys[i], failures, seen, seenAdmin);
        }

        ValidateRawApiKeys(options, failures);
        ValidateJwt(options.Jwt, failures);
        if (!options.HasConfiguredCredentials && !options.DevelopmentKey)
        {
            failures.Add(
                $"{AuthOptions.SectionName} has no credentials and {AuthOptions.Setting(nameof(AuthOptions.DevelopmentKey))} is false: configure "
                + $"{AuthOptions.Setting("ApiKeys")} (App and Key) or {AuthOptions.Setting("Jwt:SigningKey")}, or allow the development key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKey(string setting, ApiKeyOptions? key, List<string> failures, Dictionary<string, string> seen)
    {
        if (key is null)
        {
            failures.Add($"{setting} is empty: give App and Key (or KeySha256).");
            return;
        }

        if (string.IsNullOrWhiteSpace(key.App))
        {
            failures.Add($"{setting}:App is empty: set it to the application the key acts for, e.g. \"myapp\".");
        }
        else if (AppName.Problem(key.App) is { } problem)
        {
            failures.Add($"{setting}:App is not a valid application name. {problem}");
        }

        if (HashHex(setting, key.Key, key.KeySha256, failures) is { } hashHex && !seen.TryAdd(hashHex, setting))
        {
            failures.Add($"{setting} holds the same key as {seen[hashHex]}: every key must be unique, as it names its app.");
        }
    }

    private static void ValidateAdminKey(
        string setting, AdminKeyOptions? key, List<string> failures, Dictionary<string, string> appKeys, Dictionary<string, string> seen)
    {
        if (key is null)
        {
            failures.Add($"{setting} is empty: give Key (or KeySha256).");
            return;
        }

        if (key.Name is not null && !AdminKeyName().IsMatch(key.Name))
        {
            failures.Add($"{setting}:Name '{key.Name}' is not a key name: use 1–63 characters from a–z, 0–9, '.', '_' and '-' (it is recorded in the audit log).");
        }
        else if (key.Name is not null && !seen.TryAdd("name:" + key.Name, setting))
        {
            failures.Add($"{setting}:Name '{key.Name}' is also the name of {seen["name:" + key.Name]}: every admin key name must be unique.");
        }

        if (HashHex(setting, key.Key, key.KeySha256, failures) is not { } hashHex)
        {
            return;
        }

        if (appKeys.TryGetValue(hashHex, out var appKey))
        {
            failures.Add($"{setting} holds the same key as {appKey}: an admin key must differ from every app key.");
        }
        else if (!seen.TryAdd(hashHex, setting))
        {
            failures.Add($"{setting} holds the same key as {seen[hashHex]}: every admin key must be unique.");
        }
    }

    /// <summary>The key's SHA-256 as lower-case hex, or null (with a failure) when the pair Key/KeySha256 is not usable.</summary>
    private static string? HashHex(string setting, string? plain, string? sha256, List<string> failures)
    {
        var hasKey = !string.IsNullOrEmpty(plain);
        var hasHash = !string.IsNullOrEmpty(sha256);
        if (hasKey == hasHash)
        {
            failures.Add($"{setting} needs exactly one of Key (the key itself) and KeySha256 (its SHA-256 hash as 64 hex digits).");
        }
        else if (hasKey && plain!.Length < MinKeyLength)
        {
            failures.Add($"{setting}:Key is {plain.Length} characters long: use at least {MinKeyLength}, e.g. the output of 'openssl rand -hex 32'.");
        }
        else if (hasHash && !ApiKeyHash.TryParseHex(sha256, out _))
        {
            failures.Add($"{setting}:KeySha256 must be 64 hex digits (the SHA-256 of the key, e.g. from 'printf %s \"$KEY\" | sha256sum').");
        }
        else
        {
            return hasKey ? ApiKeyHash.ToHex(plain!) : sha256!.Trim().ToLowerInvariant();
        }

        return null;
    }

    /// <summary>The <c>ReadOnly</c> values as configured, and entries the binder dropped.</summary>
    private void ValidateRawApiKeys(AuthOptions options, List<string> failures)
    {
        var entries = configuration?.GetSection(AuthOptions.Setting("ApiKeys")).GetChildren().ToList();
        if (entries is null)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (entry[nameof(ApiKeyOptions.ReadOnly)] is { } readOnly && !bool.TryParse(readOnly, out _))
            {
                failures.Add($"{AuthOptions.Setting($"ApiKeys:{entry.Key}:{nameof(ApiKeyOptions.ReadOnly)}")} is '{readOnly}': use true (a read-only key) or false.");
            }
        }

        if (entries.Count != options.ApiKeys.Count && failures.Count == 0)
        {
            failures.Add($"{AuthOptions.Setting("ApiKeys")} has {entries.Count} entries but {options.ApiKeys.Count} could be read: check that every value has the right type (ReadOnly: true or false).");
        }
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> failures)
    {
        var setting = AuthOptions.Setting("Jwt");
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            if (!string.IsNullOrEmpty(jwt.Issuer) || !string.IsNullOrEmpty(jwt.Audience))
            {
                failures.Add($"{setting}:Issuer or {setting}:Audience is set but {setting}:SigningKey is not: set the signing key to accept JWTs.");
            }
        }
        else if (Encoding.UTF8.GetByteCount(jwt.SigningKey) is var length && length < MinSigningKeyBytes)
        {
            failures.Add($"{setting}:SigningKey is {length} bytes long: HS256 needs at least {MinSigningKeyBytes} bytes, e.g. the output of 'openssl rand -hex 32'.");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{setting}:ClockSkew must be between 00:00:00 and 00:05:00; it is {jwt.ClockSkew}.");
        }
    }

    [GeneratedRegex("^[a-z0-9._-]{1,63}$")]
    private static partial Regex AdminKeyName();
}

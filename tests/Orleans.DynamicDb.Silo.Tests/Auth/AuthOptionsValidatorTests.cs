using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>Authentication settings are checked at start, and every message names the setting.</summary>
public sealed class AuthOptionsValidatorTests
{
    private static readonly string GoodKey = new('k', 32);

    [Fact]
    public void The_embedded_default_and_a_complete_configuration_are_valid()
    {
        var full = new AuthOptions
        {
            ApiKeys = [new() { App = "myapp", Key = GoodKey }, new() { App = "other", KeySha256 = new string('a', 64) }],
            Jwt = new() { SigningKey = GoodKey, Issuer = "me", Audience = "you" },
        };

        Assert.True(Validate(new AuthOptions()).Succeeded);
        Assert.True(Validate(full).Succeeded);
    }

    [Theory]
    [InlineData("", "DynamicDb:Auth:ApiKeys:0:App is empty")]
    [InlineData("My_App", "DynamicDb:Auth:ApiKeys:0:App is not a valid application name")]
    [InlineData("my-app", "'-' is not allowed")]
    public void An_empty_or_invalid_app_is_named(string app, string expected)
    {
        var result = Validate(new AuthOptions { ApiKeys = [new() { App = app, Key = GoodKey }] });

        Assert.Contains(expected, result.FailureMessage);
    }

    [Fact]
    public void A_key_needs_exactly_one_of_Key_and_KeySha256_and_enough_length()
    {
        var neither = Validate(new AuthOptions { ApiKeys = [new() { App = "a" }] });
        var both = Validate(new AuthOptions { ApiKeys = [new() { App = "a", Key = GoodKey, KeySha256 = new string('a', 64) }] });
        var shortKey = Validate(new AuthOptions { ApiKeys = [new() { App = "a", Key = "secret" }] });
        var badHash = Validate(new AuthOptions { ApiKeys = [new() { App = "a", KeySha256 = "xyz" }] });

        Assert.Contains("DynamicDb:Auth:ApiKeys:0 needs exactly one of Key", neither.FailureMessage);
        Assert.Contains("DynamicDb:Auth:ApiKeys:0 needs exactly one of Key", both.FailureMessage);
        Assert.Contains("DynamicDb:Auth:ApiKeys:0:Key is 6 characters long", shortKey.FailureMessage);
        Assert.Contains("DynamicDb:Auth:ApiKeys:0:KeySha256 must be 64 hex digits", badHash.FailureMessage);
    }

    [Fact]
    public void The_same_key_for_two_entries_is_refused()
    {
        var result = Validate(new AuthOptions { ApiKeys = [new() { App = "a", Key = GoodKey }, new() { App = "b", Key = GoodKey }] });

        Assert.Contains("DynamicDb:Auth:ApiKeys:1 holds the same key as DynamicDb:Auth:ApiKeys:0", result.FailureMessage);
    }

    [Fact]
    public void A_short_JWT_signing_key_is_named()
    {
        var result = Validate(new AuthOptions { Jwt = new() { SigningKey = "too-short" } });

        Assert.Contains("DynamicDb:Auth:Jwt:SigningKey is 9 bytes long: HS256 needs at least 32 bytes", result.FailureMessage);
    }

    [Fact]
    public void Issuer_without_a_signing_key_and_no_credentials_without_the_development_key_are_refused()
    {
        var issuer = Validate(new AuthOptions { Jwt = new() { Issuer = "me" } });
        var nothing = Validate(new AuthOptions { DevelopmentKey = false });

        Assert.Contains("DynamicDb:Auth:Jwt:SigningKey is not", issuer.FailureMessage);
        Assert.Contains("DynamicDb:Auth:DevelopmentKey is false", nothing.FailureMessage);
    }

    [Fact]
    public async Task An_invalid_auth_setting_stops_the_silo_with_the_configuration_exit_code()
    {
        using var data = new Infrastructure.TempDirectory();
        using var error = new StringWriter();

        var exitCode = await SiloHost.RunAsync(
            [
                "--urls", "http://127.0.0.1:0", "--DynamicDb:DataDirectory", data.Path, "--Logging:LogLevel:Default", "None",
                "--DynamicDb:Auth:ApiKeys:0:App", "", "--DynamicDb:Auth:ApiKeys:0:Key", GoodKey,
                "--DynamicDb:Auth:Jwt:SigningKey", "short",
            ],
            error);

        Assert.Equal(SiloHost.ExitCodeConfigurationError, exitCode);
        Assert.Contains("DynamicDb:Auth:ApiKeys:0:App is empty", error.ToString());
        Assert.Contains("DynamicDb:Auth:Jwt:SigningKey is 5 bytes long", error.ToString());
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(AuthOptions options) =>
        new AuthOptionsValidator().Validate(null, options);
}

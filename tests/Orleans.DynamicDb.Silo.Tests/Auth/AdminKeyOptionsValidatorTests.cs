using Orleans.DynamicDb.Silo.Auth;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>Admin keys (<c>DynamicDb:Auth:AdminKeys</c>) are checked at start like app keys, and never equal one.</summary>
public sealed class AdminKeyOptionsValidatorTests
{
    private static readonly string GoodKey = new('k', 32);
    private static readonly string OtherKey = new('o', 32);

    [Fact]
    public void Admin_keys_by_key_or_by_hash_beside_app_keys_are_valid()
    {
        var options = new AuthOptions
        {
            ApiKeys = [new() { App = "myapp", Key = GoodKey }],
            AdminKeys = [new() { Key = OtherKey }, new() { KeySha256 = new string('a', 64) }],
        };

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
    }

    [Fact]
    public void An_admin_key_needs_exactly_one_of_Key_and_KeySha256_and_enough_length()
    {
        var neither = Validate(new AuthOptions { AdminKeys = [new()] });
        var both = Validate(new AuthOptions { AdminKeys = [new() { Key = GoodKey, KeySha256 = new string('a', 64) }] });
        var shortKey = Validate(new AuthOptions { AdminKeys = [new() { Key = "0123456789abcde" }] });
        var badHash = Validate(new AuthOptions { AdminKeys = [new() { KeySha256 = "xyz" }] });

        Assert.Contains("DynamicDb:Auth:AdminKeys:0 needs exactly one of Key", neither.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:0 needs exactly one of Key", both.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:0:Key is 15 characters long: use at least 16", shortKey.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:0:KeySha256 must be 64 hex digits", badHash.FailureMessage);
    }

    [Fact]
    public void An_admin_key_name_must_be_short_lower_case_and_unique_as_the_audit_log_records_it()
    {
        var named = Validate(new AuthOptions { AdminKeys = [new() { Name = "ops-1", Key = GoodKey }, new() { Name = "ci", Key = OtherKey }] });
        var bad = Validate(new AuthOptions { AdminKeys = [new() { Name = "Ops Team", Key = GoodKey }] });
        var twice = Validate(new AuthOptions { AdminKeys = [new() { Name = "ops", Key = GoodKey }, new() { Name = "ops", Key = OtherKey }] });

        Assert.True(named.Succeeded, named.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:0:Name 'Ops Team' is not a key name", bad.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:1:Name 'ops' is also the name of DynamicDb:Auth:AdminKeys:0", twice.FailureMessage);
    }

    [Fact]
    public void The_credential_id_of_a_key_names_it_or_shows_a_hash_prefix_never_the_key()
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GoodKey));

        Assert.Equal("admin:ops", ApiKeyStore.AdminKeyId("ops", hash));
        Assert.Equal("admin:sha256:" + Convert.ToHexStringLower(hash)[..12], ApiKeyStore.AdminKeyId(null, hash));
        Assert.Equal("key:sha256:" + Convert.ToHexStringLower(hash)[..12], ApiKeyStore.AppKeyId(GoodKey));
        Assert.DoesNotContain(GoodKey, ApiKeyStore.AppKeyId(GoodKey));
    }

    [Fact]
    public void An_admin_key_equal_to_an_app_key_is_refused_whether_given_as_key_or_hash()
    {
        var plain = Validate(new AuthOptions
        {
            ApiKeys = [new() { App = "one", Key = OtherKey }, new() { App = "two", Key = GoodKey }],
            AdminKeys = [new() { Key = GoodKey }],
        });
        var hashed = Validate(new AuthOptions
        {
            ApiKeys = [new() { App = "one", KeySha256 = ApiKeyHash.ToHex(GoodKey).ToUpperInvariant() }],
            AdminKeys = [new() { Key = OtherKey }, new() { KeySha256 = ApiKeyHash.ToHex(GoodKey) }],
        });

        Assert.Contains("DynamicDb:Auth:AdminKeys:0 holds the same key as DynamicDb:Auth:ApiKeys:1: an admin key must differ from every app key", plain.FailureMessage);
        Assert.Contains("DynamicDb:Auth:AdminKeys:1 holds the same key as DynamicDb:Auth:ApiKeys:0", hashed.FailureMessage);
    }

    [Fact]
    public void The_same_admin_key_twice_is_refused()
    {
        var result = Validate(new AuthOptions { AdminKeys = [new() { Key = GoodKey }, new() { KeySha256 = ApiKeyHash.ToHex(GoodKey) }] });

        Assert.Contains("DynamicDb:Auth:AdminKeys:1 holds the same key as DynamicDb:Auth:AdminKeys:0: every admin key must be unique", result.FailureMessage);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(AuthOptions options) => new AuthOptionsValidator().Validate(null, options);
}

using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Hosting;

namespace Orleans.DynamicDb.Silo.Tests.Auth;

/// <summary>API keys stay hashed: the key store keeps SHA-256 hashes and credential ids, never a configured key.</summary>
public sealed class ApiKeyStoreTests
{
    private const string AppKey = "app-key-that-must-not-be-kept-0123";
    private const string AdminKey = "admin-key-that-must-not-be-kept-0123";

    [Fact]
    public void The_store_keeps_only_hashes_and_ids_of_app_and_admin_keys_and_still_recognises_them()
    {
        var options = Options.Create(new AuthOptions
        {
            ApiKeys = [new() { App = "shop", Key = AppKey }],
            AdminKeys = [new() { Key = AdminKey, Name = "ops" }],
        });

        var store = new ApiKeyStore(options, new SiloDataPaths(Path.GetTempPath()), NullLogger<ApiKeyStore>.Instance);

        var kept = Flatten(typeof(ApiKeyStore).GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Select(f => f.GetValue(store))).ToList();
        Assert.DoesNotContain(kept, v => v is string s && (s.Contains(AppKey, StringComparison.Ordinal) || s.Contains(AdminKey, StringComparison.Ordinal)));
        Assert.DoesNotContain(kept, v => v is byte[] b && (b.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(AppKey)) || b.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(AdminKey))));
        Assert.Contains(kept, v => v is byte[] b && b.AsSpan().SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(AppKey))));
        Assert.Contains(kept, v => v is byte[] b && b.AsSpan().SequenceEqual(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))));
        Assert.Equal("shop", store.FindApp(AppKey));
        Assert.Equal("admin:ops", store.FindAdminKey(AdminKey));
        Assert.Null(store.FindAdminKey(AppKey));
    }

    /// <summary>Every value reachable through arrays and value tuples.</summary>
    private static IEnumerable<object?> Flatten(IEnumerable<object?> values)
    {
        foreach (var value in values)
        {
            yield return value;
            var nested = value switch
            {
                byte[] or string => null,
                IEnumerable items => items.Cast<object?>(),
                System.Runtime.CompilerServices.ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]),
                _ => null,
            };
            if (nested is not null)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

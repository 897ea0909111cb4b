using Orleans.DynamicDb.Silo.Tests.Gateway.Infrastructure;

namespace Orleans.DynamicDb.Silo.Tests.Admin;

/// <summary>The admin keys of the admin API's test silos, on top of <see cref="GatewaySilo.AuthArguments"/>.</summary>
internal static class AdminCredentials
{
    public const string AdminKey = "admin-key-0123456789abcdef";

    /// <summary>The second admin key, configured by its SHA-256.</summary>
    public const string HashedAdminKey = "hashed-admin-key-0123456789abcdef";

    /// <summary>The arguments that configure both admin keys.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--DynamicDb:Auth:AdminKeys:0:Key", AdminKey,
        "--DynamicDb:Auth:AdminKeys:1:KeySha256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(HashedAdminKey))),
    ];

    /// <summary>Every route of the admin API, as (method, path).</summary>
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/v1/engines" },
        { "GET", "/v1/engines/sqlite" },
        { "POST", "/v1/engines/sqlite/probe" },
        { "GET", "/v1/engines/events" },
    };

    /// <summary>Calls <paramref name="path"/> with <paramref name="method"/> (a POST with an empty JSON object).</summary>
    public static Task<GatewayResponse> CallAsync(this GatewayClient client, string method, string path) =>
        method == "POST" ? client.PostRawAsync(path, "{}") : client.GetAsync(path);
}

using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// Where Redis clustering keeps the membership table and the grain directory. Bound from the configuration section
/// <c>Orleans:Clustering:Redis</c>, then from code. One Redis server (optionally with replicas) serves the whole
/// cluster; Redis Cluster (sharded) is not supported, because the scripts touch keys of several grains at once.
/// </summary>
public sealed partial class RedisClusteringOptions
{
    public const string SectionName = "Orleans:Clustering:Redis";

    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "dyndb";

    /// <summary>
    /// The Redis server as a StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or
    /// <c>127.0.0.1:6379,password=secret</c>. Required; no default. <c>abortConnect</c> is always false: the silo starts
    /// while Redis is down and the connection recovers by itself.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The Redis database number. Default: 0.</summary>
    public int Database { get; set; }

    /// <summary>
    /// The first part of every key (<c>{KeyPrefix}:{ClusterId}:…</c>), so several deployments can share one server.
    /// Letters, digits, '_', '-' and '.'. Default: "dyndb".
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>The problems with these settings, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add($"{Name(nameof(ConnectionString))} is empty: set it to the Redis server's address, e.g. '127.0.0.1:6379'.");
        }
        else if (ConnectionStringProblem(ConnectionString) is { } problem)
        {
            failures.Add($"{Name(nameof(ConnectionString))} '{ConnectionString}' {problem}");
        }

        if (Database < 0)
        {
            failures.Add($"{Name(nameof(Database))} must be 0 or more; it is {Database}.");
        }

        if (string.IsNullOrEmpty(KeyPrefix) || !KeyPrefixPattern().IsMatch(KeyPrefix))
        {
            failures.Add($"{Name(nameof(KeyPrefix))} '{KeyPrefix}' is not a valid key prefix: use letters, digits, '_', '-' and '.' (no ':'), e.g. '{DefaultKeyPrefix}'.");
        }

        return failures;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem, naming the settings.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures));
        }
    }

    private static string Name(string setting) => $"{nameof(RedisClusteringOptions)}.{setting} ({SectionName}:{setting})";

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString).EndPoints.Count == 0
                ? "names no server: give at least one 'host:port'."
                : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RedisConnectionException)
        {
            return $"is not a valid StackExchange.Redis configuration string: {e.Message}";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPrefixPattern();
}

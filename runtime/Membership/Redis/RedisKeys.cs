using StackExchange.Redis;

namespace Orleans.DynamicDb.Runtime.Membership;

/// <summary>
/// The keys of one cluster, all under <c>{prefix}:{clusterId}:</c>: <c>membership</c> (a hash: the table version and
/// the rows), <c>{grainType}/{grainKey}</c> per grain (its directory entry) and <c>silo:{silo}</c> per silo (the set of
/// its grains). Grain ids always contain '/', the other names never do, so they cannot collide.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string keyPrefix, string clusterId)
    {
        if (ClusterIdProblem(clusterId) is { } problem)
        {
            throw new ArgumentException($"The cluster id {problem}", nameof(clusterId));
        }

        ClusterPrefix = $"{keyPrefix}:{clusterId}:";
        Membership = MembershipOf(keyPrefix, clusterId);
        SiloGrainsPrefix = ClusterPrefix + "silo:";
    }

    /// <summary><c>{prefix}:{clusterId}:</c>, the start of every key of the cluster.</summary>
    public string ClusterPrefix { get; }

    /// <summary>The membership hash.</summary>
    public RedisKey Membership { get; }

    /// <summary>The start of every per-silo grain set's key.</summary>
    public string SiloGrainsPrefix { get; }

    public static RedisKey MembershipOf(string keyPrefix, string clusterId) => $"{keyPrefix}:{clusterId}:membership";

    public RedisKey Grain(GrainId grainId) => ClusterPrefix + grainId.ToString();

    public RedisKey SiloGrains(SiloAddress silo) => SiloGrainsPrefix + silo.ToParsableString();

    /// <summary>Why a cluster id cannot be part of a key, or null when it can.</summary>
    public static string? ClusterIdProblem(string? clusterId) =>
        string.IsNullOrWhiteSpace(clusterId) ? "is empty."
        : clusterId.IndexOfAny([':', ' ', '\t', '\r', '\n']) >= 0 ? $"'{clusterId}' contains ':' or white space, which Redis clustering cannot put in its keys."
        : null;
}

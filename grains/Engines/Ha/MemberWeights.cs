using System.Globalization;

namespace Orleans.DynamicDb.Engines.Ha;

/// <summary>
/// How much a member of a replication group is preferred as its primary: the setting
/// (<c>DynamicDb:Engines:N:MemberWeights:mK</c>), else the weight it was added with at run time (recorded in the layout),
/// else the group's default (the engine's <c>Health:Weight</c>).
/// </summary>
public static class MemberWeights
{
    /// <summary>True for a member name a group can have: <c>m0</c> to <c>m{MaxReplicas}</c>.</summary>
    public static bool IsMemberName(string name) =>
        name is { Length: 2 } && name[0] is 'm' or 'M' && int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index <= ReplicationGroupOptions.MaxReplicas;

    /// <summary>The weight of <paramref name="member"/> (see the type).</summary>
    internal static double Of(ReplicationGroupOptions options, GroupMember member) =>
        options.MemberWeights.TryGetValue(member.Name, out var set) ? set : member.Weight ?? options.DefaultWeight;
}

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>What a policy's grain persists (<c>[PersistentState("switchpolicy")]</c>).</summary>
[GenerateSerializer]
[Alias("dyndb.SwitchPolicyState")]
public sealed class SwitchPolicyState
{
    /// <summary>The policy; null before it is set and after it is deleted.</summary>
    [Id(0)]
    public SwitchPolicy? Policy { get; set; }

    /// <summary>When it was set or last changed.</summary>
    [Id(1)]
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>When it last evaluated.</summary>
    [Id(2)]
    public DateTimeOffset? LastEvaluatedAt { get; set; }

    /// <summary>What the last evaluation found, in a sentence.</summary>
    [Id(3)]
    public string? LastEvaluation { get; set; }

    /// <summary>The switches it asked for, newest last (the latest 100).</summary>
    [Id(4)]
    public List<MovedDatabase> Requests { get; set; } = [];

    /// <summary>Databases it moved out that are still out (load-based: candidates to move back), by <c>app/database</c>.</summary>
    [Id(5)]
    public Dictionary<string, MovedDatabase> Out { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Evaluations run since the policy was set.</summary>
    [Id(6)]
    public long Evaluations { get; set; }
}

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>A policy and what it did (<see cref="ISwitchPolicyGrain.GetAsync"/>; <c>GET /v1/admin/policies</c>).</summary>
/// <param name="Policy">The policy; null when there is none by this name.</param>
/// <param name="UpdatedAt">When it was set or changed.</param>
/// <param name="LastEvaluatedAt">When it last evaluated.</param>
/// <param name="LastEvaluation">What that evaluation found.</param>
/// <param name="Evaluations">Evaluations since it was set.</param>
/// <param name="Requests">The switches it asked for, newest last.</param>
/// <param name="Out">Databases it moved out that have not been moved back.</param>
[GenerateSerializer]
[Immutable]
[Alias("dyndb.SwitchPolicyStatus")]
public sealed record SwitchPolicyStatus(
    SwitchPolicy? Policy,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? LastEvaluatedAt,
    string? LastEvaluation,
    long Evaluations,
    IReadOnlyList<MovedDatabase> Requests,
    IReadOnlyList<MovedDatabase> Out);

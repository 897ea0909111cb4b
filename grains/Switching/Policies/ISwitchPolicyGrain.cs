namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// One switching policy (key: its name). An Orleans reminder keeps it activated on exactly one silo, also after a
/// restart; while it has an enabled policy a grain timer evaluates it every <c>DynamicDb:Switching:EvaluationInterval</c>.
/// </summary>
[Alias("dyndb.ISwitchPolicyGrain")]
public interface ISwitchPolicyGrain : IGrainWithStringKey
{
    /// <summary>Sets (creates or replaces) the policy, persists it and starts evaluating it when enabled. Answers its status.</summary>
    Task<SwitchPolicyStatus> SetAsync(SwitchPolicy policy, CancellationToken cancellationToken = default);

    /// <summary>The policy and what it did; <see cref="SwitchPolicyStatus.Policy"/> null when none is set.</summary>
    Task<SwitchPolicyStatus> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the policy and its reminder; false when there was none.</summary>
    Task<bool> DeleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Evaluates now (as the timer does) and answers the status after it.</summary>
    Task<SwitchPolicyStatus> EvaluateAsync(CancellationToken cancellationToken = default);
}

namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>The persisted set of policy names (<c>[PersistentState("switchpolicies")]</c>).</summary>
internal sealed class SwitchPolicyIndexGrain(
    [PersistentState("switchpolicies")] IPersistentState<SwitchPolicyIndexState> state) : Grain, ISwitchPolicyIndexGrain
{
    public async Task SetAsync(string name, bool present, CancellationToken cancellationToken)
    {
        var names = state.State.Names;
        var has = names.Contains(name, StringComparer.Ordinal);
        if (present == has)
        {
            return;
        }

        if (present)
        {
            names.Add(name);
            names.Sort(StringComparer.Ordinal);
        }
        else
        {
            names.Remove(name);
        }

        await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Names]);
}

/// <summary>What <see cref="SwitchPolicyIndexGrain"/> persists.</summary>
[GenerateSerializer]
[Alias("dyndb.SwitchPolicyIndexState")]
public sealed class SwitchPolicyIndexState
{
    /// <summary>The policy names, ordered.</summary>
    [Id(0)]
    public List<string> Names { get; set; } = [];
}

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class ProfileGrain([PersistentState("profile", "store")] IPersistentState<ProfileState> profile) : Grain, IProfileGrain
{
    public async Task Visit(string name, string tag)
    {
        profile.State.Name = name;
        profile.State.Visits++;
        profile.State.Tags.Add(tag);
        await profile.WriteStateAsync();
    }

    public Task<ProfileState> Get() => Task.FromResult(profile.State);

    public Task<string?> GetEtag() => Task.FromResult(profile.Etag);

    public Task<bool> RecordExists() => Task.FromResult(profile.RecordExists);

    public Task Clear() => profile.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

namespace Orleans.DynamicDb.Runtime.Tests.Grains;

public sealed class ProfileState
{
    public string Name { get; set; } = string.Empty;

    public int Visits { get; set; }

    public List<string> Tags { get; set; } = [];
}

/// <summary>A grain with persistent state in the storage provider named "store".</summary>
public interface IProfileGrain : IGrainWithStringKey
{
    Task Visit(string name, string tag);

    Task<ProfileState> Get();

    Task<string?> GetEtag();

    Task<bool> RecordExists();

    Task Clear();

    Task Deactivate();
}

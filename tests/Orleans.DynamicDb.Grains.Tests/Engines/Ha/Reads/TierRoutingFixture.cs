using System.Runtime.Versioning;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Reads;

/// <summary>One <see cref="TierRoutingGroup"/> shared by a test class: a lag bound of 30 s, so paused replay leaves standbys qualified.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class TierRoutingFixture : IAsyncLifetime
{
    /// <summary>The lag bound the group starts with; tests that lower it put it back.</summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(30);

    public TierRoutingGroup Group { get; private set; } = null!;

    public async Task InitializeAsync() => Group = await TierRoutingGroup.StartAsync(46700, MaxLag);

    public async Task DisposeAsync()
    {
        if (Group is not null)
        {
            await Group.DisposeAsync();
        }
    }
}

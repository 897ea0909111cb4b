using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>Checks <see cref="ClusterReplicationOptions"/> at start-up; each failure names the setting and the bad value.</summary>
internal sealed class ClusterReplicationOptionsValidator : IValidateOptions<ClusterReplicationOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterReplicationOptions options)
    {
        var at = ClusterReplicationOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ListenAddress) || options.ListenAddress.Any(c => char.IsWhiteSpace(c) || c is '\'' or ','))
        {
            failures.Add($"{at}:ListenAddress: '{options.ListenAddress}' is not one address or host name.");
        }

        if (options.AdvertisedHost.Any(c => char.IsWhiteSpace(c) || c is '\'' or ','))
        {
            failures.Add($"{at}:AdvertisedHost: '{options.AdvertisedHost}' is not one address or host name.");
        }

        for (var i = 0; i < options.AllowedNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.AllowedNetworks[i], out _))
            {
                failures.Add($"{at}:AllowedNetworks:{i}: '{options.AllowedNetworks[i]}' is not a network in CIDR form (e.g. 10.0.0.0/24).");
            }
        }

        Positive(options.WatchInterval, $"{at}:WatchInterval", failures);
        Positive(options.LayoutRefreshInterval, $"{at}:LayoutRefreshInterval", failures);
        if (options.SpreadWait < TimeSpan.Zero)
        {
            failures.Add($"{at}:SpreadWait: must not be negative, not {options.SpreadWait}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string setting, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting}: must be positive, not {value}.");
        }
    }
}

using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>
/// Orleans' own settings, bound from <c>Orleans:*</c> with Orleans' option names: <c>Orleans:ClusterId</c> and
/// <c>Orleans:ServiceId</c> (<see cref="ClusterOptions"/>), <c>Orleans:Endpoints</c> (<see cref="EndpointOptions"/>:
/// <c>AdvertisedIPAddress</c>, <c>SiloPort</c>, <c>GatewayPort</c>), <c>Orleans:Membership</c>
/// (<see cref="ClusterMembershipOptions"/>), <c>Orleans:GrainCollection</c> (<see cref="GrainCollectionOptions"/>) and
/// <c>Orleans:Messaging</c> (<see cref="SiloMessagingOptions"/>). Bad values stop the silo with the setting named.
/// </summary>
public static class OrleansSettings
{
    /// <summary>The root section of Orleans' settings.</summary>
    public const string SectionName = "Orleans";

    /// <summary>
    /// Failure detection of a cluster, faster than Orleans' defaults (which took about 12 s here to serve a SIGKILLed
    /// silo's grains again) yet tolerant of a loaded 2-core machine: a silo is probed every 2 s (<c>ProbeTimeout</c>),
    /// suspected after 3 missed probes, declared dead on 2 votes (or by the last other silo alone), and every silo
    /// re-reads the membership table every 2 s. A SIGKILLed silo's grains serve again after about 6–10 s. A silo whose own
    /// health degrades (GC pauses, a starved thread pool) has its votes discounted by Orleans, which keeps a slow
    /// machine from voting healthy silos dead. Each value can be overridden under <c>Orleans:Membership</c>.
    /// </summary>
    public static void ClusterMembershipDefaults(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>Binds Orleans' option classes from <c>Orleans:*</c> (after the product's defaults, so configuration wins).</summary>
    public static void Bind(ISiloBuilder silo, IConfiguration configuration)
    {
        var root = configuration.GetSection(SectionName);
        silo.Services.AddOptions<ClusterOptions>().Configure(o =>
        {
            o.ClusterId = root[nameof(ClusterOptions.ClusterId)] is { Length: > 0 } clusterId ? clusterId : o.ClusterId;
            o.ServiceId = root[nameof(ClusterOptions.ServiceId)] is { Length: > 0 } serviceId ? serviceId : o.ServiceId;
        });
        silo.Services.AddOptions<EndpointOptions>().Configure(o => BindEndpoints(o, root.GetSection("Endpoints")));
        silo.Services.AddOptions<ClusterMembershipOptions>().Bind(root.GetSection("Membership"));
        silo.Services.AddOptions<GrainCollectionOptions>().Bind(root.GetSection("GrainCollection"));
        silo.Services.AddOptions<SiloMessagingOptions>().Bind(root.GetSection("Messaging"));
    }

    private static void BindEndpoints(EndpointOptions options, IConfigurationSection section)
    {
        // Orleans' silo and gateway ports carry no authentication: loopback unless configured otherwise.
        if (options.AdvertisedIPAddress is null || options.AdvertisedIPAddress.Equals(IPAddress.Any))
        {
            options.AdvertisedIPAddress = IPAddress.Loopback;
        }

        if (section["AdvertisedIPAddress"] is { Length: > 0 } advertised)
        {
            options.AdvertisedIPAddress = IPAddress.TryParse(advertised, out var address)
                ? address
                : throw Invalid($"{SectionName}:Endpoints:AdvertisedIPAddress '{advertised}' is not an IP address (e.g. 127.0.0.1).");
        }

        options.SiloPort = Port(section, "SiloPort", options.SiloPort);
        options.GatewayPort = Port(section, "GatewayPort", options.GatewayPort);
    }

    /// <summary>The port <c>Orleans:Endpoints:{name}</c>, or <paramref name="current"/> when unset; a bad value stops the silo naming it.</summary>
    public static int EndpointPort(IConfiguration configuration, string name, int current) =>
        Port(configuration.GetSection(SectionName).GetSection("Endpoints"), name, current);

    private static int Port(IConfigurationSection section, string name, int current)
    {
        if (section[name] is not { Length: > 0 } text)
        {
            return current;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw Invalid($"{SectionName}:Endpoints:{name} '{text}' is not a port number (0–65535).");
    }

    private static OptionsValidationException Invalid(string message) => new(nameof(EndpointOptions), typeof(EndpointOptions), [message]);
}

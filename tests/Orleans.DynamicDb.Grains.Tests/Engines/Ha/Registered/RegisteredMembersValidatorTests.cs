using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Engines;
using Orleans.DynamicDb.Engines.Ha;
using Orleans.DynamicDb.Engines.Ha.Registered;

namespace Orleans.DynamicDb.Grains.Tests.Engines.Ha.Registered;

/// <summary>The <c>Members</c> of a registered <c>postgres-ha</c> entry: validated up front, naming the setting and the value.</summary>
public sealed class RegisteredMembersValidatorTests
{
    private const string Server = "Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=postgres";

    private static EngineOptions Registered(params string[] connectionStrings) => new()
    {
        Id = "pg-reg",
        Kind = EngineKinds.PostgresHa,
        Members = [.. connectionStrings.Select(c => new RegisteredMemberOptions { ConnectionString = c })],
    };

    private static string Port(int port) => Server.Replace("5432", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Fact]
    public void Three_different_servers_without_a_data_directory_are_valid()
    {
        Assert.Empty(EngineOptionsValidator.Validate([Registered(Port(5432), Port(5433), Port(5434))]));
    }

    [Fact]
    public void A_single_member_is_refused_naming_the_setting_and_the_count()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Registered(Server)]));

        Assert.Equal("DynamicDb:Engines:0:Members: a registered replication group needs 2 to 5 servers (a primary and 1–4 synchronous standbys), not 1.", failure);
    }

    [Fact]
    public void Six_members_are_refused()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Registered([.. Enumerable.Range(0, 6).Select(k => Port(5432 + k))])]));

        Assert.Contains("not 6", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_server_twice_is_refused_naming_both_entries()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Registered(Port(5432), Port(5432))]));

        Assert.Equal("DynamicDb:Engines:0:Members:1:ConnectionString: the server 127.0.0.1:5432 is already DynamicDb:Engines:0:Members:0; each member must be a different server.", failure);
    }

    [Fact]
    public void A_duplicate_name_is_refused()
    {
        var engine = Registered(Port(5432), Port(5433));
        engine.Members[0].Name = "east";
        engine.Members[1].Name = "east";

        var failure = Assert.Single(EngineOptionsValidator.Validate([engine]));

        Assert.Equal("DynamicDb:Engines:0:Members:1:Name: 'east' is already the name of DynamicDb:Engines:0:Members:0; member names must be unique.", failure);
    }

    [Fact]
    public void A_name_that_cannot_be_an_application_name_is_refused()
    {
        var engine = Registered(Port(5432), Port(5433));
        engine.Members[1].Name = "East-1";

        var failure = Assert.Single(EngineOptionsValidator.Validate([engine]));

        Assert.StartsWith("DynamicDb:Engines:0:Members:1:Name: 'East-1' is invalid", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_a_data_directory_and_members_are_refused_naming_the_data_directory()
    {
        var engine = Registered(Port(5432), Port(5433));
        engine.DataDirectory = "/srv/pg-ha";

        var failure = Assert.Single(EngineOptionsValidator.Validate([engine]));

        Assert.StartsWith("DynamicDb:Engines:0:DataDirectory: '/srv/pg-ha' is set together with Members;", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_connection_string_is_refused_without_showing_its_password()
    {
        var failure = Assert.Single(EngineOptionsValidator.Validate([Registered(Port(5432), "Host=127.0.0.1;Port=not-a-port;Password=hunter2")]));

        Assert.StartsWith("DynamicDb:Engines:0:Members:1:ConnectionString: '", failure, StringComparison.Ordinal);
        Assert.Contains("cannot be parsed", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_or_host_is_refused()
    {
        var failures = EngineOptionsValidator.Validate([Registered(Port(5432), "", "Port=5433;Username=postgres")]);

        Assert.Equal(
        [
            "DynamicDb:Engines:0:Members:1:ConnectionString: is required (a superuser connection string to the server).",
            "DynamicDb:Engines:0:Members:2:ConnectionString: 'Port=5433;Username=postgres' must name exactly one Host.",
        ], failures);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_silo_keeps_a_registered_groups_layout_under_its_data_directory_and_the_registry_builds_it_over_the_members()
    {
        var root = Path.Combine(Path.GetTempPath(), "dyndb-validate", Guid.NewGuid().ToString("N")[..8]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicDb:Engines:0:Id"] = "pg-reg",
            ["DynamicDb:Engines:0:Kind"] = "postgres-ha",
            ["DynamicDb:Engines:0:Members:0:ConnectionString"] = Port(5432),
            ["DynamicDb:Engines:0:Members:1:ConnectionString"] = Port(5433),
            ["DynamicDb:Engines:0:Members:1:Name"] = "east",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddDynamicDbDatabases(configuration, root).BuildServiceProvider();

        var engine = Assert.Single(services.GetRequiredService<IOptions<EngineRegistryOptions>>().Value.Engines);
        var built = (HaPostgresEngine)EngineRegistry.Create([engine], NullLoggerFactory.Instance).Default;

        Assert.Equal(Path.Combine(root, "engines", "pg-reg"), engine.StateDirectory);
        var group = Assert.IsType<RegisteredReplicationGroup>(built.Group);
        Assert.False(group.RunsMembers);
        Assert.False(built.RunsMembers);
        Assert.Equal(["m0", "east"], group.Members);
        Assert.Equal(Path.Combine(root, "engines", "pg-reg"), group.StateDirectory);
        Assert.False(Directory.Exists(root)); // nothing is written before the group starts
    }
}

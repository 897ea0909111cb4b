using Orleans.DynamicDb.Runtime.GrainDirectory;
using Orleans.DynamicDb.Runtime.Membership;

namespace Orleans.DynamicDb.Runtime.Tests.Membership;

public sealed class AdoNetClusteringOptionsTests
{
    [Fact]
    public void The_defaults_are_PostgreSQL_and_the_dyndb_tables()
    {
        var options = new AdoNetClusteringOptions();

        Assert.Equal(AdoNetInvariants.InvariantNamePostgreSql, options.Invariant);
        Assert.Equal("dyndb_membership", options.TableName);
        Assert.Equal("dyndb_grain_directory", options.DirectoryTableName);
        Assert.Equal("Orleans:Clustering:AdoNet", AdoNetClusteringOptions.SectionName);
    }

    [Fact]
    public void An_empty_connection_string_is_refused_with_a_message_naming_ConnectionString()
    {
        var failure = Assert.Single(new AdoNetClusteringOptions().Validate());

        Assert.StartsWith("AdoNetClusteringOptions.ConnectionString is empty", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_invariant_is_refused_with_a_message_listing_the_accepted_ones()
    {
        var failure = Assert.Single(new AdoNetClusteringOptions { Invariant = "MySql.Data.MySqlClient", ConnectionString = "Server=x" }.Validate());

        Assert.Contains("AdoNetClusteringOptions.Invariant 'MySql.Data.MySqlClient' is not supported", failure, StringComparison.Ordinal);
        Assert.Contains("'Npgsql'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_names_that_are_not_plain_identifiers_are_refused_naming_each_setting()
    {
        var failures = new AdoNetClusteringOptions { ConnectionString = "Host=127.0.0.1", TableName = "m;", DirectoryTableName = "d d" }.Validate();

        Assert.Contains(failures, f => f.StartsWith("AdoNetClusteringOptions.TableName 'm;' is not a valid table name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AdoNetClusteringOptions.DirectoryTableName 'd d' is not a valid table name", StringComparison.Ordinal));
    }

    [Fact]
    public void The_directory_cannot_share_a_membership_table()
    {
        var failure = Assert.Single(new AdoNetClusteringOptions { ConnectionString = "Host=127.0.0.1", DirectoryTableName = "dyndb_membership_versions" }.Validate());

        Assert.Contains("AdoNetClusteringOptions.DirectoryTableName 'dyndb_membership_versions' is a membership table's name", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SQL_table_and_directory_refuse_bad_options_when_they_are_made()
    {
        var table = Assert.Throws<ArgumentException>(() => new AdoNetMembershipTable(new AdoNetClusteringOptions(), "dev"));
        var directory = Assert.Throws<ArgumentException>(() => new AdoNetGrainDirectory(new AdoNetClusteringOptions(), "dev"));

        Assert.Contains("AdoNetClusteringOptions.ConnectionString is empty", table.Message, StringComparison.Ordinal);
        Assert.Contains("AdoNetClusteringOptions.ConnectionString is empty", directory.Message, StringComparison.Ordinal);
    }
}

using Orleans.DynamicDb.Runtime.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Storage;

public sealed class AdoNetGrainStorageOptionsTests
{
    [Fact]
    public void The_defaults_are_SQLite_and_the_dyndb_grain_state_table()
    {
        var options = new AdoNetGrainStorageOptions();

        Assert.Equal(AdoNetInvariants.InvariantNameSqlite, options.Invariant);
        Assert.Equal("dyndb_grain_state", options.TableName);
        Assert.Equal(string.Empty, options.ConnectionString);
    }

    [Fact]
    public void An_empty_connection_string_is_refused_with_a_message_naming_ConnectionString()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new AdoNetGrainStorageOptions { ConnectionString = " " }));

        Assert.Contains("AdoNetGrainStorageOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_invariant_is_refused_with_a_message_listing_the_accepted_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new AdoNetGrainStorageOptions { Invariant = "System.Data.SqlClient", ConnectionString = "Data Source=x.db" }));

        Assert.Contains("AdoNetGrainStorageOptions.Invariant 'System.Data.SqlClient' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Npgsql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Data.Sqlite'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("state; DROP TABLE x")]
    [InlineData("1state")]
    [InlineData("a_table_name_that_is_far_too_long_to_be_accepted_here")]
    public void A_table_name_that_is_not_a_plain_identifier_is_refused_with_a_message_naming_TableName(string tableName)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new AdoNetGrainStorageOptions { ConnectionString = "Data Source=x.db", TableName = tableName }));

        Assert.Contains($"AdoNetGrainStorageOptions.TableName '{tableName}' is not a valid table name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    public void An_in_memory_SQLite_database_is_refused_because_it_would_lose_the_state(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new AdoNetGrainStorageOptions { ConnectionString = connectionString }));

        Assert.Contains("AdoNetGrainStorageOptions.ConnectionString names an in-memory SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_the_driver_cannot_parse_is_refused_with_the_drivers_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => Create(new AdoNetGrainStorageOptions { Invariant = AdoNetInvariants.InvariantNamePostgreSql, ConnectionString = "Hots=127.0.0.1" }));

        Assert.Contains("AdoNetGrainStorageOptions.ConnectionString is not a valid connection string for 'Npgsql'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var failures = new AdoNetGrainStorageOptions { Invariant = "", ConnectionString = "", TableName = "-" }.Validate();

        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void Valid_options_have_no_problems()
    {
        Assert.Empty(new AdoNetGrainStorageOptions { ConnectionString = "Data Source=state.db" }.Validate());
        Assert.Empty(new AdoNetGrainStorageOptions { Invariant = AdoNetInvariants.InvariantNamePostgreSql, ConnectionString = "Host=127.0.0.1;Username=u" }.Validate());
    }

    private static AdoNetGrainStorage Create(AdoNetGrainStorageOptions options) => new("test", options);
}

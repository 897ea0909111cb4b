using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

public sealed class AdoNetReminderTableOptionsTests
{
    [Fact]
    public void The_defaults_are_SQLite_and_the_dyndb_reminders_table()
    {
        var options = new AdoNetReminderTableOptions();

        Assert.Equal(AdoNetInvariants.InvariantNameSqlite, options.Invariant);
        Assert.Equal("dyndb_reminders", options.TableName);
    }

    [Fact]
    public void An_empty_connection_string_is_refused_with_a_message_naming_ConnectionString()
    {
        var error = Assert.Throws<ArgumentException>(() => new AdoNetReminderTable(new AdoNetReminderTableOptions()));

        Assert.Contains("AdoNetReminderTableOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_invariant_is_refused_with_a_message_listing_the_accepted_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new AdoNetReminderTable(new AdoNetReminderTableOptions { Invariant = "MySql.Data.MySqlClient", ConnectionString = "Server=x" }));

        Assert.Contains("AdoNetReminderTableOptions.Invariant 'MySql.Data.MySqlClient' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Npgsql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Data.Sqlite'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_name_that_is_not_a_plain_identifier_is_refused_with_a_message_naming_TableName()
    {
        var error = Assert.Throws<ArgumentException>(() => new AdoNetReminderTable(new AdoNetReminderTableOptions { ConnectionString = "Data Source=r.db", TableName = "reminders\"" }));

        Assert.Contains("AdoNetReminderTableOptions.TableName 'reminders\"' is not a valid table name", error.Message, StringComparison.Ordinal);
    }
}

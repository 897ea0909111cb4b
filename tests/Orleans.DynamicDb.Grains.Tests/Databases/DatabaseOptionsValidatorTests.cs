using Orleans.DynamicDb.Databases;

namespace Orleans.DynamicDb.Grains.Tests.Databases;

/// <summary>Database settings are checked at start, and every message names the setting.</summary>
public sealed class DatabaseOptionsValidatorTests
{
    [Fact]
    public void The_cursor_idle_timeout_defaults_to_ten_seconds_and_is_valid()
    {
        var options = new DatabaseOptions { CatalogConnectionString = "Data Source=catalog.db" };

        Assert.Equal(TimeSpan.FromSeconds(10), options.CursorIdleTimeout);
        Assert.True(new DatabaseOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:04:00.001")]
    public void A_cursor_idle_timeout_out_of_range_is_named(string value)
    {
        var options = new DatabaseOptions { CatalogConnectionString = "Data Source=catalog.db", CursorIdleTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains("DynamicDb:Databases:CursorIdleTimeout must be positive", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void A_start_up_migration_parallelism_out_of_range_is_named(int value)
    {
        var options = new DatabaseOptions { CatalogConnectionString = "Data Source=catalog.db", StartupMigrationParallelism = value };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.Equal(4, new DatabaseOptions().StartupMigrationParallelism);
        Assert.False(result.Succeeded);
        Assert.Contains($"DynamicDb:Databases:StartupMigrationParallelism must be between 1 and 64; it is {value}.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_transaction_settings_default_to_sixty_seconds_idle_an_hour_at_most_a_hundred_open_and_five_seconds_to_drain()
    {
        var options = new DatabaseOptions { CatalogConnectionString = "Data Source=catalog.db" };

        Assert.Equal(
            (TimeSpan.FromSeconds(60), TimeSpan.FromHours(1), 100, TimeSpan.FromSeconds(5)),
            (options.TransactionIdleTimeout, options.MaxTransactionIdleTimeout, options.MaxOpenTransactions, options.TransactionDrainTimeout));
        Assert.True(new DatabaseOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("TransactionIdleTimeout", "00:00:00", "DynamicDb:Databases:TransactionIdleTimeout must be positive and at most DynamicDb:Databases:MaxTransactionIdleTimeout")]
    [InlineData("TransactionIdleTimeout", "02:00:00", "DynamicDb:Databases:TransactionIdleTimeout must be positive and at most DynamicDb:Databases:MaxTransactionIdleTimeout")]
    [InlineData("MaxTransactionIdleTimeout", "02:00:01", "DynamicDb:Databases:MaxTransactionIdleTimeout must be positive and at most 02:00:00")]
    [InlineData("MaxOpenTransactions", "0", "DynamicDb:Databases:MaxOpenTransactions must be between 1 and 10000; it is 0.")]
    [InlineData("MaxOpenTransactions", "10001", "DynamicDb:Databases:MaxOpenTransactions must be between 1 and 10000; it is 10001.")]
    [InlineData("TransactionDrainTimeout", "00:00:00", "DynamicDb:Databases:TransactionDrainTimeout must be positive")]
    [InlineData("TransactionDrainTimeout", "00:05:00", "DynamicDb:Databases:TransactionDrainTimeout must be positive")]
    public void A_transaction_setting_out_of_range_is_named_with_its_value(string setting, string value, string message)
    {
        var options = new DatabaseOptions { CatalogConnectionString = "Data Source=catalog.db" };
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        switch (setting)
        {
            case "TransactionIdleTimeout":
                options.TransactionIdleTimeout = TimeSpan.Parse(value, culture);
                break;
            case "MaxTransactionIdleTimeout":
                options.MaxTransactionIdleTimeout = TimeSpan.Parse(value, culture);
                break;
            case "MaxOpenTransactions":
                options.MaxOpenTransactions = int.Parse(value, culture);
                break;
            default:
                options.TransactionDrainTimeout = TimeSpan.Parse(value, culture);
                break;
        }

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}

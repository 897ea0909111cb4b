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
}

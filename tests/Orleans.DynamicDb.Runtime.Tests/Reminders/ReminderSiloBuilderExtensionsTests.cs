using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Hosting;
using Orleans.DynamicDb.Runtime.Reminders;
using Orleans.DynamicDb.Runtime.Tests.Storage;

namespace Orleans.DynamicDb.Runtime.Tests.Reminders;

public sealed class ReminderSiloBuilderExtensionsTests
{
    [Fact]
    public void UseInMemoryReminderService_registers_one_singleton_reminder_table()
    {
        var builder = new TestSiloBuilder();
        builder.UseInMemoryReminderService();
        using var services = builder.Build();

        var table = services.GetRequiredService<IReminderTable>();

        Assert.IsType<InMemoryReminderTable>(table);
        Assert.Same(table, services.GetRequiredService<IReminderTable>());
        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(IReminderTable));
    }

    [Fact]
    public async Task UseAdoNetReminderService_registers_a_table_over_the_configured_database()
    {
        using var file = new SqliteTestFile();
        var builder = new TestSiloBuilder();
        builder.UseAdoNetReminderService(options =>
        {
            options.ConnectionString = file.ConnectionString;
            options.TableName = "silo_reminders";
        });
        using var services = builder.Build();

        var table = services.GetRequiredService<IReminderTable>();
        await table.StartAsync(CancellationToken.None);

        Assert.IsType<AdoNetReminderTable>(table);
        Assert.Equal(0L, await file.ScalarAsync("SELECT COUNT(*) FROM silo_reminders"));
    }

    [Fact]
    public void The_last_reminder_service_chosen_replaces_the_earlier_one()
    {
        var builder = new TestSiloBuilder();
        builder.UseAdoNetReminderService(options => options.ConnectionString = "Data Source=unused.db");
        builder.UseInMemoryReminderService();
        using var services = builder.Build();

        Assert.Single(builder.Services, descriptor => descriptor.ServiceType == typeof(IReminderTable));
        Assert.IsType<InMemoryReminderTable>(services.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public void Options_are_bound_from_configuration_then_overridden_by_code()
    {
        var builder = new TestSiloBuilder(new Dictionary<string, string?>
        {
            ["Orleans:Reminders:AdoNet:Invariant"] = "Npgsql",
            ["Orleans:Reminders:AdoNet:ConnectionString"] = "Host=127.0.0.1",
        });
        builder.UseAdoNetReminderService(options => options.TableName = "code_reminders");
        using var services = builder.Build();

        var options = services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;

        Assert.Equal(AdoNetInvariants.InvariantNamePostgreSql, options.Invariant);
        Assert.Equal("Host=127.0.0.1", options.ConnectionString);
        Assert.Equal("code_reminders", options.TableName);
    }

    [Fact]
    public void Bad_options_stop_start_up_with_a_message_naming_the_setting()
    {
        var builder = new TestSiloBuilder();
        builder.UseAdoNetReminderService(options => options.ConnectionString = "");
        using var services = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("AdoNetReminderTableOptions.ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }
}

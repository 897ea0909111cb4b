using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Runtime.Reminders;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>
/// Chooses where reminders are kept by registering the silo's one <see cref="IReminderTable"/> (a later call replaces
/// an earlier one). The reminder service itself is added by the runtime when a table is registered.
/// </summary>
public static class ReminderSiloBuilderExtensions
{
    /// <summary>Keeps reminders in this process's memory (tests and development): they are lost when the silo stops.</summary>
    public static ISiloBuilder UseInMemoryReminderService(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable, InMemoryReminderTable>();
        return builder;
    }

    /// <summary>
    /// Keeps reminders in a SQL (SQLite or PostgreSQL) table. The options are bound from the configuration section
    /// <c>Orleans:Reminders:AdoNet</c>, then from <paramref name="configure"/>, and are validated when the host starts.
    /// </summary>
    public static ISiloBuilder UseAdoNetReminderService(this ISiloBuilder builder, Action<AdoNetReminderTableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<AdoNetReminderTableOptions>()
            .Bind(builder.Configuration.GetSection(AdoNetReminderTableOptions.SectionName))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdoNetReminderTableOptions>, AdoNetReminderTableOptionsValidator>());
        builder.Services.RemoveAll<IReminderTable>();
        builder.Services.AddSingleton<IReminderTable>(services => new AdoNetReminderTable(
            services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value,
            services.GetService<ILogger<AdoNetReminderTable>>(),
            services.GetService<TimeProvider>()));
        return builder;
    }
}

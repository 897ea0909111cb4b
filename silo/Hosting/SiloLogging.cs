namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>The silo's console log: single-line text with UTC timestamps, or JSON lines (<c>DynamicDb:Logging:Json</c>).</summary>
internal static class SiloLogging
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static void AddDynamicDbConsoleLogging(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(DynamicDbLoggingOptions.SectionName).Get<DynamicDbLoggingOptions>() ?? new();
        if (settings.Json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat.TrimEnd();
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = TimestampFormat;
            });
        }
    }
}

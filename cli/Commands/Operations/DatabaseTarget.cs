namespace Orleans.DynamicDb.Cli.Commands.Operations;

/// <summary>
/// The database an admin command acts on: <c>app/database</c>, or <c>database</c> with <c>--app</c> (admin keys belong to
/// no app, so the app is always named).
/// </summary>
/// <param name="App">The application.</param>
/// <param name="Database">The database's name within it.</param>
public sealed record DatabaseTarget(string App, string Database)
{
    /// <summary>The admin API's path segment <c>{app}/{database}</c>, escaped.</summary>
    public string Path => $"{Uri.EscapeDataString(App)}/{Uri.EscapeDataString(Database)}";

    /// <summary>Reads <paramref name="text"/> (<c>app/database</c> or <c>database</c>) with <paramref name="app"/> from <c>--app</c>.</summary>
    /// <exception cref="CliException">Exit 2 naming the value when the app is missing or given twice.</exception>
    public static DatabaseTarget Parse(string text, string? app)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var (fromText, database) = (text[..slash], text[(slash + 1)..]);
            if (fromText.Length == 0 || database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
            {
                throw new CliException($"'{text}' is not 'app/database' (one '/' between two names).", ExitCodes.Usage);
            }

            if (app is not null && !string.Equals(app, fromText, StringComparison.Ordinal))
            {
                throw new CliException($"'{text}' names the app '{fromText}' but --app is '{app}'; give the app once.", ExitCodes.Usage);
            }

            return new DatabaseTarget(fromText, database);
        }

        return app is { Length: > 0 }
            ? new DatabaseTarget(app, text)
            : throw new CliException($"Which app's database is '{text}'? Write 'app/{text}' or pass --app <app>.", ExitCodes.Usage);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{App}/{Database}";
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Profiles;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands;

/// <summary><c>dyndb login</c>, <c>dyndb logout</c> and <c>dyndb whoami</c>: the profile file and who the keys are.</summary>
public static partial class LoginCommands
{
    /// <summary><c>dyndb login --url URL --key KEY [--admin-key KEY]</c>: checks the silo answers, then saves the profile (mode 0600).</summary>
    public static Command Create(CliContext context)
    {
        var url = new Option<string>("--url") { Description = "The silo's address, e.g. http://127.0.0.1:8080", Required = true };
        var key = new Option<string>("--key") { Description = "The application's API key" };
        var adminKey = new Option<string>("--admin-key") { Description = "An admin key (engines and admin commands)" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Save without asking the silo whether the keys work" };
        var command = new Command("login", "Save the silo's URL and keys in the profile file") { url, key, adminKey, noVerify };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var profile = new SiloProfile(parseResult.GetValue(url), parseResult.GetValue(key), parseResult.GetValue(adminKey));
            if (profile.Key is null && profile.AdminKey is null)
            {
                throw new CliException("Give --key (the app's API key), --admin-key, or both.", ExitCodes.Usage);
            }

            var address = SiloApi.ParseUrl(profile.Url);
            profile = profile with { Url = address.ToString().TrimEnd('/') };
            if (!parseResult.GetValue(noVerify))
            {
                using var api = new SiloApi(profile, context.RequestTimeout);
                await VerifyAsync(api, profile, cancellationToken).ConfigureAwait(false);
            }

            context.Profiles.Write(profile);
            if (context.Json)
            {
                context.Output.WriteLine(new JsonObject { ["url"] = profile.Url, ["profile"] = context.Profiles.Path }.ToJsonString());
            }
            else
            {
                context.Console.MarkupLine($"Logged in to [bold]{Markup.Escape(profile.Url!)}[/]; profile saved to {Markup.Escape(context.Profiles.Path)}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>dyndb logout</c>: deletes the profile file.</summary>
    public static Command CreateLogout(CliContext context)
    {
        var command = new Command("logout", "Delete the profile file (its URL and keys)");
        command.SetAction(_ =>
        {
            var deleted = context.Profiles.Delete();
            if (context.Json)
            {
                context.Output.WriteLine(new JsonObject { ["deleted"] = deleted, ["profile"] = context.Profiles.Path }.ToJsonString());
            }
            else
            {
                context.Console.WriteLine(deleted ? $"Logged out: {context.Profiles.Path} deleted." : $"Not logged in: there is no {context.Profiles.Path}.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>dyndb whoami</c>: the URL, the key's app and whether the silo accepts the keys (never the keys).</summary>
    public static Command CreateWhoami(CliContext context)
    {
        var command = new Command("whoami", "Show the silo URL, the key's app and which keys the silo accepts (never the keys)");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var profile = context.Profile;
            var api = context.Api;
            var result = new JsonObject
            {
                ["url"] = api.BaseAddress.ToString().TrimEnd('/'),
                ["profile"] = context.Profiles.Path,
                ["app"] = JwtApp.Read(profile.Key) ?? (profile.Key is null ? null : await AppOfKeyAsync(api, cancellationToken).ConfigureAwait(false)),
                ["key"] = profile.Key is null ? null : await DescribeAsync(api, ApiCredential.App, cancellationToken).ConfigureAwait(false),
                ["admin_key"] = profile.AdminKey is null ? null : await DescribeAsync(api, ApiCredential.Admin, cancellationToken).ConfigureAwait(false),
            };
            if (context.Json)
            {
                context.Output.WriteLine(result.ToJsonString());
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("URL", Markup.Escape((string)result["url"]!));
            grid.AddRow("profile", Markup.Escape(context.Profiles.Path));
            grid.AddRow("app", Markup.Escape(
                (string?)result["app"] ?? (profile.Key is null ? "none (no API key)" : "unknown (the silo did not name it)")));
            grid.AddRow("key", Markup.Escape(Line(result["key"])));
            grid.AddRow("admin key", Markup.Escape(Line(result["admin_key"])));
            context.Console.Write(grid);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task VerifyAsync(SiloApi api, SiloProfile profile, CancellationToken cancellationToken)
    {
        if (profile.Key is not null)
        {
            await api.GetAsync("v1/database/list", ApiCredential.App, cancellationToken).ConfigureAwait(false);
        }

        if (profile.AdminKey is not null)
        {
            await api.GetAsync("v1/engines", ApiCredential.Admin, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The app an API key acts for, as the silo names it (<c>GET /v1/whoami</c>, which reads only the caller's own
    /// credential). Null when the key is refused.
    /// </summary>
    private static async Task<string?> AppOfKeyAsync(SiloApi api, CancellationToken cancellationToken)
    {
        try
        {
            var me = await api.GetAsync("v1/whoami", ApiCredential.App, cancellationToken).ConfigureAwait(false);
            return me.TryGetProperty("app", out var app) && app.ValueKind == JsonValueKind.String ? app.GetString() : null;
        }
        catch (CliProblemException)
        {
            return null;
        }
    }

    private static async Task<JsonNode> DescribeAsync(SiloApi api, ApiCredential credential, CancellationToken cancellationToken)
    {
        try
        {
            if (credential == ApiCredential.App)
            {
                var list = await api.GetAsync("v1/database/list", credential, cancellationToken).ConfigureAwait(false);
                return new JsonObject { ["accepted"] = true, ["databases"] = list.GetProperty("databases").GetArrayLength() };
            }

            var engines = await api.GetAsync("v1/engines", credential, cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["accepted"] = true, ["engines"] = engines.GetProperty("engines").GetArrayLength() };
        }
        catch (CliProblemException problem) when (problem.ExitCode == ExitCodes.Auth)
        {
            return new JsonObject { ["accepted"] = false, ["problem"] = $"{problem.Title}: {problem.Detail}" };
        }
    }

    private static string Line(JsonNode? node) => node switch
    {
        null => "none",
        JsonObject o when o["accepted"]?.GetValue<bool>() == true && o["databases"] is { } count => $"accepted (app with {count} database(s))",
        JsonObject o when o["accepted"]?.GetValue<bool>() == true && o["engines"] is { } count => $"accepted (admin; {count} engine(s))",
        JsonObject o => $"refused: {o["problem"]}",
        _ => node.ToJsonString(),
    };
}

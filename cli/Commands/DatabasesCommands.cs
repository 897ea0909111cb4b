using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Rendering;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli.Commands;

/// <summary><c>dyndb databases list|create|status|drop|query|exec|schema</c>: the app's databases over <c>/v1/database</c>.</summary>
public static class DatabasesCommands
{
    /// <summary>The <c>databases</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("databases", "The app's databases: list, create, status, drop, query, exec, schema");
        command.Aliases.Add("db");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(CreateDatabase(context));
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Drop(context));
        command.Subcommands.Add(Query(context));
        command.Subcommands.Add(Exec(context));
        command.Subcommands.Add(Schema(context));
        return command;
    }

    /// <summary>The database name argument.</summary>
    internal static Argument<string> DatabaseArgument() => new("database") { Description = "The database's name (a–z, 0–9, _)" };

    /// <summary>Runs a query and prints its rows as a table (or the JSON); a failure after the first rows ends with exit 1.</summary>
    internal static async Task<int> QueryAsync(CliContext context, string database, string sql, JsonArray args, CancellationToken cancellationToken)
    {
        var answer = await context.Api.PostAsync(
            "v1/database/query", new JsonObject { ["database"] = database, ["sql"] = sql, ["args"] = args }, ApiCredential.App, cancellationToken).ConfigureAwait(false);
        context.Emit(answer, console =>
        {
            console.Write(Renderers.Rows(answer));
            var count = answer.TryGetProperty("count", out var c) ? c.GetInt64() : 0;
            console.WriteLine(count == 1 ? "(1 row)" : $"({count} rows)");
        });
        return ReportCutShort(context, answer);
    }

    /// <summary>Runs a statement and prints rows affected and the last insert id (or the JSON).</summary>
    internal static async Task<int> ExecAsync(CliContext context, string database, string sql, JsonArray args, CancellationToken cancellationToken)
    {
        var answer = await context.Api.PostAsync(
            "v1/database/exec", new JsonObject { ["database"] = database, ["sql"] = sql, ["args"] = args }, ApiCredential.App, cancellationToken).ConfigureAwait(false);
        context.Emit(answer, console =>
        {
            var id = JsonText.Member(answer, "last_insert_id");
            console.WriteLine($"{JsonText.Member(answer, "rows_affected")} row(s) affected{(id == "-" ? "." : $"; last insert id {id}.")}");
        });
        return ExitCodes.Ok;
    }

    /// <summary>Prints the schema's tables and their columns (or the JSON).</summary>
    internal static async Task<int> SchemaAsync(CliContext context, string database, string? table, CancellationToken cancellationToken)
    {
        var answer = await context.Api.GetAsync($"v1/database/schema?database={Uri.EscapeDataString(database)}", ApiCredential.App, cancellationToken).ConfigureAwait(false);
        var tables = answer.GetProperty("tables").EnumerateArray()
            .Where(t => table is null || string.Equals(t.GetProperty("name").GetString(), table, StringComparison.Ordinal))
            .ToList();
        if (table is not null && tables.Count == 0)
        {
            throw new CliException($"Database '{database}' has no table '{table}'.", ExitCodes.NotFound);
        }

        context.Emit(answer, console =>
        {
            if (tables.Count == 0)
            {
                console.WriteLine($"Database '{database}' has no tables.");
            }

            foreach (var t in tables)
            {
                console.MarkupLine($"[bold]{Markup.Escape(t.GetProperty("name").GetString() ?? "")}[/]");
                var columns = new Table().Border(TableBorder.Rounded).AddColumns("column", "type", "not null", "primary key");
                if (t.TryGetProperty("column_details", out var details) && details.ValueKind == JsonValueKind.Array)
                {
                    foreach (var column in details.EnumerateArray())
                    {
                        columns.AddRow(
                            new Text(JsonText.Member(column, "name")),
                            new Text(JsonText.Member(column, "type")),
                            new Text(JsonText.Member(column, "not_null")),
                            new Text(JsonText.Member(column, "primary_key")));
                    }
                }
                else
                {
                    foreach (var column in t.GetProperty("columns").EnumerateArray())
                    {
                        columns.AddRow(new Text(JsonText.Of(column)), new Text("-"), new Text("-"), new Text("-"));
                    }
                }

                console.Write(columns);
            }
        });
        return ExitCodes.Ok;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the app's databases");
        command.SetAction(async (_, cancellationToken) =>
        {
            var answer = await context.Api.GetAsync("v1/database/list", ApiCredential.App, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console =>
            {
                var names = answer.GetProperty("databases").EnumerateArray().Select(name => name.GetString() ?? "").ToList();
                var table = new Table().Border(TableBorder.Rounded).AddColumn("database");
                foreach (var name in names)
                {
                    table.AddRow(new Text(name));
                }

                console.Write(table);
                console.WriteLine(names.Count == 1 ? "(1 database)" : $"({names.Count} databases)");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDatabase(CliContext context)
    {
        var database = DatabaseArgument();
        var engine = new Option<string>("--engine") { Description = "The engine id (default: the silo's default engine)" };
        var hibernation = new Option<int?>("--hibernation-timeout") { Description = "Idle seconds before it hibernates (0: never)" };
        var command = new Command("create", "Create a database, optionally on a given engine") { database, engine, hibernation };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = new JsonObject { ["database"] = parseResult.GetValue(database) };
            if (parseResult.GetValue(engine) is { } id)
            {
                body["engine"] = id;
            }

            if (parseResult.GetValue(hibernation) is { } seconds)
            {
                body["hibernation_timeout_seconds"] = seconds;
            }

            var answer = await context.Api.PostAsync("v1/database/create", body, ApiCredential.App, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.Write(Renderers.Entry(answer)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var database = DatabaseArgument();
        var command = new Command("status", "Show a database's catalog entry (without waking it)") { database };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(database)!;
            var answer = await context.Api.GetAsync($"v1/database/status?database={Uri.EscapeDataString(name)}", ApiCredential.App, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.Write(Renderers.Entry(answer)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Drop(CliContext context)
    {
        var database = DatabaseArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required when input is not a terminal)" };
        var command = new Command("drop", "Drop a database (its data is moved aside, never deleted)") { database, yes };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(database)!;
            if (!parseResult.GetValue(yes))
            {
                if (!context.Environment.InputIsTerminal)
                {
                    throw new CliException($"Dropping '{name}' needs confirmation: pass --yes.", ExitCodes.Usage);
                }

                var prompt = new TextPrompt<string>($"Type the database name to drop it ([bold]{Markup.Escape(name)}[/]):").AllowEmpty();
                var typed = await prompt.ShowAsync(context.Console, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(typed, name, StringComparison.Ordinal))
                {
                    throw new CliException($"Not dropped: '{typed}' is not '{name}'.", ExitCodes.Usage);
                }
            }

            var answer = await context.Api.PostAsync("v1/database/drop", new JsonObject { ["database"] = name, ["confirm"] = name }, ApiCredential.App, cancellationToken).ConfigureAwait(false);
            context.Emit(answer, console => console.WriteLine($"Dropped '{name}'; its data was moved to {JsonText.Member(answer, "moved_to")}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Query(CliContext context)
    {
        var database = DatabaseArgument();
        var sql = new Argument<string>("sql") { Description = "A SELECT (or any statement that returns rows)" };
        var args = ArgOption();
        var command = new Command("query", "Run a query and show its rows as a table") { database, sql, args };
        command.SetAction((parseResult, cancellationToken) => QueryAsync(
            context, parseResult.GetValue(database)!, parseResult.GetValue(sql)!, SqlArguments.Parse(parseResult.GetValue(args)), cancellationToken));
        return command;
    }

    private static Command Exec(CliContext context)
    {
        var database = DatabaseArgument();
        var sql = new Argument<string>("sql") { Description = "INSERT, UPDATE, DELETE or DDL" };
        var args = ArgOption();
        var command = new Command("exec", "Run a statement and show the rows affected") { database, sql, args };
        command.SetAction((parseResult, cancellationToken) => ExecAsync(
            context, parseResult.GetValue(database)!, parseResult.GetValue(sql)!, SqlArguments.Parse(parseResult.GetValue(args)), cancellationToken));
        return command;
    }

    private static Command Schema(CliContext context)
    {
        var database = DatabaseArgument();
        var table = new Option<string>("--table") { Description = "Only this table" };
        var command = new Command("schema", "Show the tables and their columns") { database, table };
        command.SetAction((parseResult, cancellationToken) => SchemaAsync(context, parseResult.GetValue(database)!, parseResult.GetValue(table), cancellationToken));
        return command;
    }

    private static Option<string[]> ArgOption() => new("--arg", "-a")
    {
        Description = "A value for the next '?' placeholder (repeat in order); JSON literals (42, true, null, \"42\") keep their type, other text is a string",
        AllowMultipleArgumentsPerToken = false,
    };

    private static int ReportCutShort(CliContext context, JsonElement answer)
    {
        if (answer.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            context.Error.WriteLine($"Error: the query failed after its first rows ({JsonText.Member(error, "type")}).");
            context.Error.WriteLine(JsonText.Member(error, "detail"));
            return ExitCodes.Failure;
        }

        if (answer.TryGetProperty("truncated", out var truncated) && truncated.ValueKind == JsonValueKind.True)
        {
            context.Error.WriteLine("Warning: the result was cut at the silo's cap (truncated); page with LIMIT/OFFSET to read the rest.");
        }

        return ExitCodes.Ok;
    }
}

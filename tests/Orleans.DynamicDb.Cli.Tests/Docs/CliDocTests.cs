using System.CommandLine;
using System.Reflection;
using Orleans.DynamicDb.Cli.Tests.Infrastructure;

namespace Orleans.DynamicDb.Cli.Tests.Docs;

/// <summary>docs/cli.md keeps up with the command tree and the exit codes.</summary>
public sealed class CliDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "cli.md"));

    [Fact]
    public void Every_command_and_global_option_is_in_docs_cli_md()
    {
        using var context = new CliContext(new CliEnvironment(TextReader.Null, TextWriter.Null, TextWriter.Null, new Dictionary<string, string>()));
        var root = DyndbApp.Build(context);

        var missing = Commands(root, "dyndb").Where(command => !Doc.Contains(command, StringComparison.Ordinal)).ToList();
        missing.AddRange(root.Options.Select(o => o.Name).Where(name => name.StartsWith("--", StringComparison.Ordinal) && !Doc.Contains($"`{name}", StringComparison.Ordinal)));

        Assert.True(missing.Count == 0, $"docs/cli.md does not mention: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_exit_code_is_in_the_docs_table()
    {
        var codes = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (int)f.GetRawConstantValue()!);

        var missing = codes.Where(code => !Doc.Contains($"\n| {code} |", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"docs/cli.md's exit code table lacks: {string.Join(", ", missing)}");
    }

    // Leaf commands as the docs write them, without 'dyndb' and the group's arguments: "databases list", "shell".
    private static IEnumerable<string> Commands(Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path["dyndb ".Length..];
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Commands(sub, $"{path} {sub.Name}"))
            {
                yield return leaf;
            }
        }
    }
}

using System.CommandLine;
using System.Text.Json;
using Orleans.DynamicDb.Cli.Http;
using Orleans.DynamicDb.Cli.Profiles;
using Spectre.Console;

namespace Orleans.DynamicDb.Cli;

/// <summary>
/// What every command works with: the global options (<c>--json</c>, <c>--verbose</c>), the resolved profile (URL and
/// keys), the silo client, the output consoles and the Ctrl-C token. Commands are built with it before parsing; the
/// option values are known once <see cref="Bind"/> ran.
/// </summary>
public sealed class CliContext : IDisposable
{
    private SiloProfile? _profile;
    private SiloApi? _api;

    /// <summary>Creates the context of one run.</summary>
    public CliContext(CliEnvironment environment)
    {
        Environment = environment;
        Profiles = new ProfileStore(environment);
        Console = CreateConsole(environment.Output, environment.OutputIsTerminal);
        ErrorConsole = CreateConsole(environment.Error, environment.OutputIsTerminal);
    }

    /// <summary><c>--json</c>: print the silo's JSON answers as they are (stable for scripts) instead of tables.</summary>
    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print the silo's JSON answer instead of tables (stable for scripts)",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: print more on failures (the error code, the HTTP status, the exception).</summary>
    public Option<bool> VerboseOption { get; } = new("--verbose")
    {
        Description = "Print more detail on failures",
        Recursive = true,
    };

    /// <summary><c>--timeout</c>: seconds one request to the silo may take. Default: 130 (longer than the silo's own bounds).</summary>
    public Option<double?> TimeoutOption { get; } = CreateTimeoutOption();

    /// <summary>The process's streams, variables and Ctrl-C token.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>The profile file.</summary>
    public ProfileStore Profiles { get; }

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json { get; private set; }

    /// <summary>True with <c>--verbose</c>.</summary>
    public bool Verbose { get; private set; }

    /// <summary>How long one request may take (<c>--timeout</c>, else <see cref="SiloApi.DefaultTimeout"/>).</summary>
    public TimeSpan RequestTimeout { get; private set; } = SiloApi.DefaultTimeout;

    /// <summary>Standard output for people: tables, colours (none when redirected).</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error for people: problems and progress.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>Standard output as plain text (JSON goes here).</summary>
    public TextWriter Output => Environment.Output;

    /// <summary>Standard error as plain text.</summary>
    public TextWriter Error => Environment.Error;

    /// <summary>Cancelled on Ctrl-C.</summary>
    public CancellationToken Cancellation => Environment.Cancellation;

    /// <summary>The profile file with DYNDB_URL, DYNDB_KEY and DYNDB_ADMIN_KEY applied, read once.</summary>
    public SiloProfile Profile => _profile ??= Profiles.Resolve();

    /// <summary>The silo client for <see cref="Profile"/>, created at first use (a bad URL fails here).</summary>
    public SiloApi Api => _api ??= new SiloApi(Profile, RequestTimeout);

    /// <summary>Reads the global options of a parsed command line.</summary>
    public void Bind(ParseResult parseResult)
    {
        Json = parseResult.GetValue(JsonOption);
        Verbose = parseResult.GetValue(VerboseOption);
        if (parseResult.GetValue(TimeoutOption) is { } seconds)
        {
            RequestTimeout = TimeSpan.FromSeconds(seconds);
        }
    }

    /// <summary>Writes a JSON answer of the silo to standard output, as the silo wrote it.</summary>
    public void WriteJson(JsonElement json)
    {
        Output.WriteLine(json.GetRawText());
        Output.Flush();
    }

    /// <summary>Writes <paramref name="json"/> with <c>--json</c>, else renders it for people with <paramref name="human"/>.</summary>
    public void Emit(JsonElement json, Action<IAnsiConsole> human)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            human(Console);
        }
    }

    /// <summary>Disposes the silo client.</summary>
    public void Dispose() => _api?.Dispose();

    private static Option<double?> CreateTimeoutOption()
    {
        var option = new Option<double?>("--timeout")
        {
            Description = "Seconds one request to the silo may take (default 130)",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } seconds && (seconds <= 0 || seconds > 86400 || double.IsNaN(seconds)))
            {
                result.AddError($"--timeout must be more than 0 and at most 86400 seconds, not {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            // Redirected output (a pipe, a file, a test): wide enough that tables are not wrapped.
            console.Profile.Width = 200;
        }

        return console;
    }
}

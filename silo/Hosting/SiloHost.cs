using Microsoft.Extensions.Options;
using Orleans.DynamicDb.Silo.Admin;
using Orleans.DynamicDb.Silo.Auth;
using Orleans.DynamicDb.Silo.Dashboard;
using Orleans.DynamicDb.Silo.Gateway;
using Orleans.DynamicDb.Silo.Health;
using Orleans.DynamicDb.Silo.OpenApi;
using Orleans.DynamicDb.Silo.Problems;
using Orleans.DynamicDb.Silo.Telemetry;
using Orleans.DynamicDb.Silo.Ui;

namespace Orleans.DynamicDb.Silo.Hosting;

/// <summary>Builds and runs the silo process; <c>Program.cs</c> only calls <see cref="RunAsync"/>.</summary>
public static class SiloHost
{
    /// <summary>The exit code when the process stopped normally (Ctrl-C, SIGTERM).</summary>
    public const int ExitCodeStopped = 0;

    /// <summary>The exit code when a setting is invalid (EX_CONFIG of sysexits.h); the message names the setting.</summary>
    public const int ExitCodeConfigurationError = 78;

    /// <summary>The exit code when the silo failed to start or stopped with an error.</summary>
    public const int ExitCodeFailed = 1;

    /// <summary>The silo application with its endpoints, not yet started.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddDynamicDbSilo();
        builder.Services.AddDynamicDbOpenApi();
        var app = builder.Build();
        app.UseDynamicDbStatusCodeProblems();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDynamicDbHealthChecks();
        app.MapDynamicDbGateway();
        app.MapDynamicDbWhoAmI();
        app.MapDynamicDbAdmin();
        app.MapDynamicDbOpenApi();
        app.MapDynamicDbMetrics();
        app.MapDynamicDbDashboard();
        app.MapDynamicDbUi();
        return app;
    }

    /// <summary>Runs the silo until Ctrl-C or SIGTERM; start-up failures are written to <paramref name="error"/> (stderr).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        try
        {
            await using var app = Build(args);
            await app.RunAsync().ConfigureAwait(false);
            return ExitCodeStopped;
        }
        catch (OptionsValidationException e)
        {
            await error.WriteLineAsync($"The silo cannot start: invalid settings. {e.Message}").ConfigureAwait(false);
            return ExitCodeConfigurationError;
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            var messages = string.Join(" ", e.InnerExceptions.Select(i => i.Message));
            await error.WriteLineAsync($"The silo cannot start: invalid settings. {messages}").ConfigureAwait(false);
            return ExitCodeConfigurationError;
        }
        catch (Exception e) when (Find<InvalidOperationException>(e) is { } binding
            && binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // A value the configuration binder cannot convert (e.g. "maybe" for a boolean): its message names the setting.
            await error.WriteLineAsync($"The silo cannot start: invalid settings. {binding.Message}").ConfigureAwait(false);
            return ExitCodeConfigurationError;
        }
        catch (Exception e) when (Find<StackExchange.Redis.RedisConnectionException>(e) is { } redis)
        {
            // Never a lone silo when the cluster's Redis is down: the start fails, naming the setting.
            await error.WriteLineAsync(
                $"The silo failed: the cluster's Redis ({DynamicDbClusterOptions.Setting(nameof(DynamicDbClusterOptions.RedisConnectionString))}) cannot be reached: {redis.Message}")
                .ConfigureAwait(false);
            return ExitCodeFailed;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"The silo failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodeFailed;
        }
    }

    /// <summary>The first <typeparamref name="T"/> in <paramref name="exception"/>, its inner and aggregated exceptions.</summary>
    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            if (current is T found)
            {
                return found;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return null;
    }
}

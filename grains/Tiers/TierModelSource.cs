using Microsoft.Extensions.Logging;

namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// Loads the tier model once per process (<c>DynamicDb:Tiers:ModelPath</c>). A configured path that cannot be loaded is
/// an <see cref="Error"/> that stops the start (<see cref="TierOptionsValidator"/>); the default path missing is a warning,
/// logged once, and sessions get rules or the default tier.
/// </summary>
public sealed partial class TierModelSource(ILogger<TierModelSource> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private bool _loaded;
    private TierModel? _model;
    private string? _error;

    /// <summary>The model, or null when there is none (see <see cref="Error"/>); loads it on the first call.</summary>
    internal TierModel? Get(TierOptions options)
    {
        Load(options);
        return _model;
    }

    /// <summary>Why the configured model could not be loaded; null when it loaded or none was configured.</summary>
    public string? Error(TierOptions options)
    {
        Load(options);
        return _error;
    }

    public void Dispose() => _model?.Dispose();

    private void Load(TierOptions options)
    {
        if (Volatile.Read(ref _loaded))
        {
            return;
        }

        lock (_lock)
        {
            if (_loaded)
            {
                return;
            }

            var path = options.EffectiveModelPath;
            var explicitPath = !string.IsNullOrWhiteSpace(options.ModelPath);
            var setting = TierOptions.Setting(nameof(TierOptions.ModelPath));
            if (!File.Exists(path))
            {
                if (explicitPath)
                {
                    _error = $"{setting} is '{path}', but there is no such file.";
                }
                else
                {
                    LogNoModel(logger, path, setting);
                }
            }
            else
            {
                try
                {
                    _model = TierModel.Load(path);
                    LogModelLoaded(logger, path, string.Join(", ", _model.Slots.Select(s => s?.ToString() ?? "?")));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException
                    or FormatException or ArgumentException or NotSupportedException)
                {
                    if (explicitPath)
                    {
                        _error = $"{setting} is '{path}', which could not be loaded as a tier model: {e.Message}";
                    }
                    else
                    {
                        LogModelUnreadable(logger, path, e.Message);
                    }
                }
            }

            Volatile.Write(ref _loaded, true);
        }
    }

    [LoggerMessage(EventId = EventIds.TierModelMissing, Level = LogLevel.Warning,
        Message = "No tier model at {Path} (set {Setting} to use one elsewhere): sessions get their tier from rules, or Medium")]
    private static partial void LogNoModel(ILogger logger, string path, string setting);

    [LoggerMessage(EventId = EventIds.TierModelLoaded, Level = LogLevel.Information,
        Message = "Tier model loaded from {Path}: classes {Tiers}")]
    private static partial void LogModelLoaded(ILogger logger, string path, string tiers);

    [LoggerMessage(EventId = EventIds.TierModelUnreadable, Level = LogLevel.Warning,
        Message = "The tier model at {Path} could not be loaded ({Reason}): sessions get their tier from rules, or Medium")]
    private static partial void LogModelUnreadable(ILogger logger, string path, string reason);
}

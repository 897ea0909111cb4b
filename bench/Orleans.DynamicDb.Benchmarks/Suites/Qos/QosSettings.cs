namespace Orleans.DynamicDb.Benchmarks.Suites.Qos;

/// <summary>
/// The knobs of the <c>qos</c> part (environment <c>DYNDB_BENCH_QOS_*</c>), with defaults that keep the part under
/// about 3 minutes on the 2-core machine.
/// </summary>
internal sealed record QosSettings(
    int Seconds,
    int HighClients,
    int HighRate,
    int LoadFactor,
    int Slots,
    int ReservedHigh,
    int BackgroundMaxSlots,
    int QueueTimeoutSeconds,
    bool Adaptive = true,
    int TolerancePercent = 25,
    int MinLowSlots = 1,
    int AdaptIntervalMs = 1000)
{
    public static QosSettings FromEnvironment(bool quick) => new(
        Knob("SECONDS", quick ? 5 : 20),
        Knob("HIGH_CLIENTS", 4),
        Knob("HIGH_RATE", 25),
        Knob("LOAD_FACTOR", 5),
        Knob("SLOTS", 4),
        Knob("RESERVED_HIGH", 2),
        Knob("BACKGROUND_MAX_SLOTS", 1),
        Knob("QUEUE_TIMEOUT_S", 10),
        Knob("ADAPTIVE", 1, allowZero: true) != 0,
        Knob("TOLERANCE_PCT", 25),
        Knob("MIN_LOW_SLOTS", 1),
        Knob("ADAPT_INTERVAL_MS", 1000));

    /// <summary>Low clients (two thirds of the load) and Background clients (one third): closed loops, <see cref="LoadFactor"/> × the slots in all.</summary>
    public (int Low, int Background) LoadClients()
    {
        var total = LoadFactor * Slots;
        var background = Math.Max(1, total / 3);
        return (total - background, background);
    }

    public string Describe() =>
        $"{Seconds} s per run; High {HighClients} clients × {HighRate} statements/s; load {LoadFactor} × {Slots} slots; "
        + $"ReservedHigh {ReservedHigh}, BackgroundMaxSlots {BackgroundMaxSlots}, QueueTimeout {QueueTimeoutSeconds} s; "
        + (Adaptive ? $"adaptive limit on (AdaptiveTolerance {TolerancePercent / 100.0:0.##}, MinLowSlots {MinLowSlots}, AdaptInterval {AdaptIntervalMs} ms)" : "adaptive limit off");

    private static int Knob(string name, int fallback, bool allowZero = false)
    {
        var variable = "DYNDB_BENCH_QOS_" + name;
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && (value > 0 || (allowZero && value == 0))
            ? value
            : throw new ArgumentException($"{variable} must be a {(allowZero ? "non-negative" : "positive")} whole number; it is '{text}'.");
    }
}

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
    int QueueTimeoutSeconds)
{
    public static QosSettings FromEnvironment(bool quick) => new(
        Knob("SECONDS", quick ? 5 : 20),
        Knob("HIGH_CLIENTS", 4),
        Knob("HIGH_RATE", 25),
        Knob("LOAD_FACTOR", 5),
        Knob("SLOTS", 4),
        Knob("RESERVED_HIGH", 2),
        Knob("BACKGROUND_MAX_SLOTS", 1),
        Knob("QUEUE_TIMEOUT_S", 10));

    /// <summary>Low clients (two thirds of the load) and Background clients (one third): closed loops, <see cref="LoadFactor"/> × the slots in all.</summary>
    public (int Low, int Background) LoadClients()
    {
        var total = LoadFactor * Slots;
        var background = Math.Max(1, total / 3);
        return (total - background, background);
    }

    public string Describe() =>
        $"{Seconds} s per run; High {HighClients} clients × {HighRate} statements/s; load {LoadFactor} × {Slots} slots; "
        + $"ReservedHigh {ReservedHigh}, BackgroundMaxSlots {BackgroundMaxSlots}, QueueTimeout {QueueTimeoutSeconds} s";

    private static int Knob(string name, int fallback)
    {
        var variable = "DYNDB_BENCH_QOS_" + name;
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{variable} must be a positive whole number; it is '{text}'.");
    }
}

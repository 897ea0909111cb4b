namespace Orleans.DynamicDb.Ml.Recording;

/// <summary>The settings of <c>record</c> (ml/README.md).</summary>
/// <param name="Url">The silo's HTTP address (loopback).</param>
/// <param name="PgWireHost">The wire frontend's host.</param>
/// <param name="PgWirePort">The wire frontend's port.</param>
/// <param name="App">The app the keys act for.</param>
/// <param name="AppKey">A read-write API key of <paramref name="App"/>.</param>
/// <param name="ReadOnlyKey">A read-only API key of <paramref name="App"/>.</param>
/// <param name="AdminKey">An admin key (sampling sessions, housekeeping).</param>
/// <param name="PostgresEngine">The id of the registered <c>postgres</c> engine the large tables live on.</param>
/// <param name="Duration">How long the workloads run.</param>
/// <param name="Concurrency">Sessions running at once.</param>
/// <param name="Seed">The random seed of the workload mix and of every session's parameters.</param>
/// <param name="Out">The trace CSV written.</param>
public sealed record RecordOptions(
    Uri Url,
    string PgWireHost,
    int PgWirePort,
    string App,
    string AppKey,
    string ReadOnlyKey,
    string AdminKey,
    string PostgresEngine,
    TimeSpan Duration,
    int Concurrency,
    int Seed,
    string Out)
{
    /// <summary>Reads the options of <c>record</c>; fails naming the bad option and value.</summary>
    public static RecordOptions Read(CommandArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = args.Required("--url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || !uri.IsLoopback)
        {
            throw new ArgumentException($"--url must be an http address on loopback, e.g. http://127.0.0.1:8080; it is '{url}'.");
        }

        var pgwire = args.Required("--pgwire");
        var colon = pgwire.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(pgwire[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--pgwire must be host:port, e.g. 127.0.0.1:6432; it is '{pgwire}'.");
        }

        return new RecordOptions(
            uri,
            pgwire[..colon],
            port,
            args.Optional("--app") ?? "rec",
            args.Required("--app-key"),
            args.Required("--read-only-key"),
            args.Required("--admin-key"),
            args.Optional("--pg-engine") ?? "pg",
            TimeSpan.FromMinutes(args.Number("--minutes", 15, 0.1, 240)),
            (int)args.Number("--concurrency", 14, 1, 200),
            (int)args.Number("--seed", 13, 0, int.MaxValue),
            args.Optional("--out") ?? "ml/data/traces.csv");
    }
}

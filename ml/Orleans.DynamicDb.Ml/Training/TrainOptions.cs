namespace Orleans.DynamicDb.Ml.Training;

/// <summary>The settings of <c>train</c> (ml/README.md).</summary>
/// <param name="Data">The trace CSV.</param>
/// <param name="Out">The folder the model, its evaluation and the known sessions are written to.</param>
/// <param name="Readme">The README whose evaluation section is regenerated (between its markers); null: none.</param>
/// <param name="Seed">The seed of the split and the trainer.</param>
/// <param name="TestFraction">The fraction of each workload's sessions held out.</param>
public sealed record TrainOptions(string Data, string Out, string? Readme, int Seed, double TestFraction)
{
    /// <summary>Reads the options of <c>train</c>; fails naming the bad option and value.</summary>
    public static TrainOptions Read(CommandArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var data = args.Optional("--data") ?? "ml/data/traces.csv";
        if (!File.Exists(data))
        {
            throw new ArgumentException($"--data names a file that does not exist: '{data}'.");
        }

        var readme = args.Optional("--readme") ?? "ml/README.md";
        return new TrainOptions(
            data,
            args.Optional("--out") ?? "ml/model",
            readme == "none" ? null : readme,
            (int)args.Number("--seed", 13, 0, int.MaxValue),
            args.Number("--test-fraction", 0.2, 0.05, 0.5));
    }
}

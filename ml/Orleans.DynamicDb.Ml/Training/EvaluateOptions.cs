namespace Orleans.DynamicDb.Ml.Training;

/// <summary>The settings of <c>evaluate</c> (ml/README.md).</summary>
/// <param name="Model">The model file.</param>
/// <param name="Data">A trace CSV the model was not trained on (e.g. another recording).</param>
/// <param name="Out">The JSON the result is written to.</param>
/// <param name="Readme">The README whose check section is regenerated; null: none.</param>
public sealed record EvaluateOptions(string Model, string Data, string Out, string? Readme)
{
    /// <summary>Reads the options of <c>evaluate</c>; fails naming the bad option and value.</summary>
    public static EvaluateOptions Read(CommandArguments args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var model = args.Optional("--model") ?? "ml/model/tier-model.zip";
        var data = args.Optional("--data") ?? "ml/data/traces-check.csv";
        foreach (var (name, path) in new[] { ("--model", model), ("--data", data) })
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"{name} names a file that does not exist: '{path}'.");
            }
        }

        var readme = args.Optional("--readme") ?? "ml/README.md";
        return new EvaluateOptions(model, data, args.Optional("--out") ?? "ml/model/evaluation-check.json", readme == "none" ? null : readme);
    }
}

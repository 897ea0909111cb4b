using Orleans.DynamicDb.Ml;
using Orleans.DynamicDb.Ml.Recording;
using Orleans.DynamicDb.Ml.Training;

// The tier classifier's training pipeline (ml/README.md): 'record' runs the workload mix against a silo and writes the
// traces; 'train' trains the model on them and writes it with its evaluation; 'evaluate' scores another recording.
const string Usage = """
    usage:
      record --url http://127.0.0.1:PORT --pgwire 127.0.0.1:PORT --app-key K --read-only-key K --admin-key K
             [--app rec] [--pg-engine pg] [--minutes 15] [--concurrency 14] [--seed 13] [--out ml/data/traces.csv]
      train  [--data ml/data/traces.csv] [--out ml/model] [--readme ml/README.md|none] [--seed 13] [--test-fraction 0.2]
      evaluate [--model ml/model/tier-model.zip] [--data ml/data/traces-check.csv] [--out ml/model/evaluation-check.json] [--readme ml/README.md|none]
    """;

if (args.Length == 0 || args[0] is not ("record" or "train" or "evaluate"))
{
    Console.Error.WriteLine(Usage);
    return 64;
}

try
{
    var options = new CommandArguments(args[1..]);
    if (args[0] == "train")
    {
        return new Trainer(TrainOptions.Read(options), Console.Out).Run();
    }

    if (args[0] == "evaluate")
    {
        return new Evaluator(EvaluateOptions.Read(options), Console.Out).Run();
    }

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    return await new Recorder(RecordOptions.Read(options), Console.Out).RunAsync(stop.Token);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 64;
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Orleans.DynamicDb.Tiers;

/// <summary>
/// The trained tier model (ml/README.md), loaded once. Scoring needs no lock: each thread scores with its own
/// prediction engine and output buffer. Score slots are mapped to tiers by the model's slot names, never by position.
/// </summary>
internal sealed class TierModel : IDisposable
{
    private readonly ThreadLocal<Scorer> _scorers;
    private readonly Tier?[] _slots;

    private TierModel(MLContext ml, ITransformer transformer, Tier?[] slots)
    {
        _slots = slots;
        _scorers = new ThreadLocal<Scorer>(() => new Scorer(ml.Model.CreatePredictionEngine<TierFeatures, TierPrediction>(transformer)), trackAllValues: true);
    }

    /// <summary>The tiers the model knows, in its slot order.</summary>
    public IReadOnlyList<Tier?> Slots => _slots;

    /// <summary>Loads the model file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is no tier model (no Score column, no slot names, no known tier).</exception>
    public static TierModel Load(string path)
    {
        var ml = new MLContext(seed: 0);
        ITransformer transformer;
        DataViewSchema input;
        using (var stream = File.OpenRead(path))
        {
            transformer = ml.Model.Load(stream, out input);
        }

        var score = transformer.GetOutputSchema(input).GetColumnOrNull("Score")
            ?? throw new InvalidDataException("the model has no 'Score' column (a multiclass model over TierFeatures is expected)");
        if (score.Annotations.Schema.GetColumnOrNull("SlotNames") is null)
        {
            throw new InvalidDataException("the model's 'Score' column has no slot names, so its scores cannot be mapped to tiers");
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        var slots = names.DenseValues().Select(n => TierRule.TryParseTier(n.ToString(), out var tier) ? tier : (Tier?)null).ToArray();
        if (!slots.Any(s => s is not null))
        {
            throw new InvalidDataException($"the model's classes ({string.Join(", ", names.DenseValues())}) name no tier");
        }

        var model = new TierModel(ml, transformer, slots);
        model.Score(new TierFeatures());
        return model;
    }

    /// <summary>The probability of each tier for <paramref name="features"/>.</summary>
    public TierScores Score(TierFeatures features)
    {
        var scorer = _scorers.Value!;
        scorer.Engine.Predict(features, ref scorer.Output);
        Span<double> byTier = stackalloc double[4];
        var raw = scorer.Output.Score;
        for (var i = 0; i < raw.Length && i < _slots.Length; i++)
        {
            if (_slots[i] is { } tier)
            {
                byTier[(int)tier] = raw[i];
            }
        }

        return TierScores.Normalised(byTier[0], byTier[1], byTier[2], byTier[3]);
    }

    public void Dispose()
    {
        foreach (var scorer in _scorers.Values)
        {
            scorer.Engine.Dispose();
        }

        _scorers.Dispose();
    }

    private sealed class Scorer(PredictionEngine<TierFeatures, TierPrediction> engine)
    {
        public readonly PredictionEngine<TierFeatures, TierPrediction> Engine = engine;
        public TierPrediction Output = new();
    }
}

using Orleans.DynamicDb.Tiers;

namespace Orleans.DynamicDb.Grains.Tests.Tiers;

/// <summary>The model file is loaded once and scored without a lock; its score slots are mapped to tiers by name.</summary>
public sealed class TierModelTests
{
    [Fact]
    public void A_trained_model_scores_each_kind_of_session_as_its_tier_with_probabilities_that_add_up_to_one()
    {
        using var model = TierModel.Load(TinyTierModel.Path);

        var writer = model.Score(TinyTierModel.Writer);
        var mixed = model.Score(TinyTierModel.Mixed);
        var reader = model.Score(TinyTierModel.Reader);
        var batch = model.Score(TinyTierModel.Batch);

        Assert.Equal((Tier.High, Tier.Medium, Tier.Low, Tier.Background), (writer.Best, mixed.Best, reader.Best, batch.Best));
        Assert.Equal(1, writer.High + writer.Medium + writer.Low + writer.Background, 6);
        Assert.True(writer.High > 0.5, $"the writer is High with {writer.High:0.00}");
    }

    [Fact]
    public void Score_slots_are_mapped_by_the_models_class_names_not_by_the_tier_order()
    {
        using var model = TierModel.Load(TinyTierModel.Path);

        // The training data starts with Background rows: the model's first class is Background, not High.
        Assert.Equal([Tier.Background, Tier.Low, Tier.Medium, Tier.High], model.Slots);
        Assert.Equal(Tier.Background, model.Score(TinyTierModel.Batch).Best);
    }

    [Fact]
    public async Task Many_threads_score_at_once_and_each_gets_the_same_answer_as_one_thread()
    {
        using var model = TierModel.Load(TinyTierModel.Path);
        TierFeatures[] inputs = [TinyTierModel.Writer, TinyTierModel.Mixed, TinyTierModel.Reader, TinyTierModel.Batch];
        var expected = inputs.Select(model.Score).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var mismatches = 0;
            for (var i = 0; i < 2000; i++)
            {
                var k = (i + t) % inputs.Length;
                mismatches += model.Score(inputs[k]) == expected[k] ? 0 : 1;
            }

            return mismatches;
        })));

        Assert.All(results, m => Assert.Equal(0, m));
    }

    [Fact]
    public void A_file_that_is_no_model_fails_to_load()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dyndb-not-a-model-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "not a model");
        try
        {
            Assert.ThrowsAny<Exception>(() => TierModel.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

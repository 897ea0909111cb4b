namespace Orleans.DynamicDb.Tiers;

/// <summary>What the classifier says about a session now: its tier and, when the model decided, every tier's probability.</summary>
/// <param name="Assignment">The tier, its source, confidence and rule.</param>
/// <param name="Scores">The model's probabilities; null for a rule or the default.</param>
public readonly record struct TierDecision(TierAssignment Assignment, TierScores? Scores);

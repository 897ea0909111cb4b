namespace Orleans.DynamicDb.Switching.Moving;

/// <summary>What a refusal names: the database and both engines.</summary>
internal readonly record struct MovePlanContext(string Name, string SourceId, string TargetId);

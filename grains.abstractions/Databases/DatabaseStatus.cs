namespace Orleans.DynamicDb.Databases;

/// <summary>The states a database's catalog entry can be in.</summary>
public static class DatabaseStatus
{
    /// <summary>Awake: its grain is active and its engine resources are open.</summary>
    public const string Active = "active";

    /// <summary>Idle: resources released, data kept on disk; the next call wakes it.</summary>
    public const string Hibernated = "hibernated";

    /// <summary>Dropped: its data was moved aside; the name is free again.</summary>
    public const string Dropped = "dropped";
}

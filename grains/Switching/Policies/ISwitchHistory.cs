namespace Orleans.DynamicDb.Switching.Policies;

/// <summary>
/// What policies need of the switch history (the catalog's switch log in production) for the cooldown and the hourly
/// cap. While none is registered, each policy counts only the switches it asked for itself.
/// </summary>
public interface ISwitchHistory
{
    /// <summary>Switches recorded since <paramref name="since"/>, over every database (the hourly cap).</summary>
    Task<int> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>When the database's last switch was recorded; null when it never switched (the cooldown).</summary>
    Task<DateTimeOffset?> LastSwitchOfAsync(string app, string database, CancellationToken cancellationToken);
}

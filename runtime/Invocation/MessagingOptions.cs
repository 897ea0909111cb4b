namespace Orleans.DynamicDb.Runtime;

/// <summary>How grain calls behave. Section: <c>Orleans:Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Orleans:Messaging";

    /// <summary>How long a caller waits for a response before a <see cref="TimeoutException"/>. Default: 30 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

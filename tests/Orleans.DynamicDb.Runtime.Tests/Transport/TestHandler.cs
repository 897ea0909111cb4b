using System.Threading.Channels;
using Orleans.DynamicDb.Runtime.Tests.Serialization;
using Orleans.DynamicDb.Runtime.Transport;

namespace Orleans.DynamicDb.Runtime.Tests.Transport;

/// <summary>A receiving side whose behaviour is chosen by the method index of each request.</summary>
internal sealed class TestHandler : IIncomingMessageHandler
{
    public const int Echo = 0;
    public const int Throw = 1;
    public const int Block = 2;
    public const int Reject = 3;
    public const int WhoAmI = 4;
    public const int Expand = 5;
    public const int MakeSmall = 6;

    private readonly SemaphoreSlim _blocked = new(0);

    /// <summary>Blocked requests wait for this to complete.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<RequestEnvelope> OneWays { get; } = Channel.CreateUnbounded<RequestEnvelope>();

    public static RequestEnvelope Request(int method, params object?[] arguments) =>
        new(new GrainId("test", "key"), "ITestGrain", method, arguments);

    public static RequestEnvelope Timed(TimeSpan timeout, int method, params object?[] arguments) =>
        new(new GrainId("test", "key"), "ITestGrain", method, arguments) { Timeout = timeout };

    /// <summary>Waits until <paramref name="count"/> Block requests have arrived.</summary>
    public async Task WaitForBlockedAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _blocked.WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        }
    }

    public async ValueTask<ResponseEnvelope> HandleRequestAsync(RequestEnvelope request, CancellationToken cancellationToken)
    {
        switch (request.MethodIndex)
        {
            case Echo:
                return ResponseEnvelope.Ok(request.Arguments[0]);
            case Throw:
                throw new CodedException((string)request.Arguments[0]!, "the handler failed", isTransient: true);
            case Block:
                _blocked.Release();
                await Gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                return ResponseEnvelope.Ok(null);
            case Reject:
                return ResponseEnvelope.Rejected(RejectionReason.GrainNotHere, "the grain moved");
            case WhoAmI:
                return ResponseEnvelope.Ok(request.Sender?.ToString());
            case MakeSmall:
                return ResponseEnvelope.Ok(new Small("made", 1));
            case Expand:
                return ResponseEnvelope.Ok(new string('x', (int)request.Arguments[0]!));
            default:
                throw new InvalidOperationException($"no method {request.MethodIndex}");
        }
    }

    public async ValueTask HandleOneWayAsync(RequestEnvelope request, CancellationToken cancellationToken) =>
        await OneWays.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
}

using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The connection's byte stream: pipes over the socket, or over <see cref="SslStream"/> once an SSLRequest started TLS;
/// every flush is bounded by <c>DynamicDb:PgWire:WriteTimeout</c>.
/// </summary>
internal sealed partial class PgWireConnection
{
    private Stream _stream = Stream.Null;
    private PipeReader? _input;
    private PipeWriter? _output;

    // A flush failed or timed out: what is still buffered cannot be sent, so closing must not wait for it.
    private bool _broken;

    /// <summary>True once TLS is established.</summary>
    public bool IsTls { get; private set; }

    private void Attach(Stream stream)
    {
        var options = _services.Options;
        _stream = stream;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 8192, leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _reader = new FrontendReader(_input, options.MaxMessageSize);
        _writer = new BackendWriter(_output);
    }

    private async Task DetachAsync()
    {
        if (_broken)
        {
            // Closing the stream first makes completing the writer fail fast instead of waiting for a client that does not read.
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        if (_input is not null)
        {
            await _input.CompleteAsync().ConfigureAwait(false);
        }

        if (_output is not null)
        {
            try
            {
                await _output.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The stream is closed: nothing more goes out.
            }
        }

        _reader?.Dispose();
        _writer?.Dispose();
        _input = null;
        _output = null;
    }

    /// <summary>
    /// Answers an SSLRequest with 'S' and runs the TLS handshake; false when it failed (the connection ends: a client
    /// whose handshake failed cannot read a PostgreSQL error either).
    /// </summary>
    private async Task<bool> StartTlsAsync(CancellationToken cancellationToken)
    {
        if (_input!.TryRead(out var early))
        {
            var sentEarly = !early.Buffer.IsEmpty;
            _input.AdvanceTo(early.Buffer.Start);
            if (sentEarly)
            {
                // Bytes sent before the server's answer would be taken as part of the TLS session (CVE-2021-23214).
                throw new PgWireException(PgSqlState.ProtocolViolation, "received unencrypted data after SSL request", fatal: true);
            }
        }

        _writer.RawByte((byte)'S');
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await DetachAsync().ConfigureAwait(false);
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        _stream = tls;
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificateContext = _services.Tls.Context, ClientCertificateRequired = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            _services.Metrics.Refused("tls");
            LogTlsFailed(_services.Logger, Remote, e.Message);
            return false;
        }

        Attach(tls);
        IsTls = true;
        return true;
    }

    /// <summary>
    /// Sends what was written, within <see cref="PgWireOptions.WriteTimeout"/>. A flush the socket takes at once (the
    /// usual case) needs no timer; only one that waits for the client gets the timeout, and is stopped when it passes.
    /// </summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _services.Metrics.Sent(_writer.Pending);
        SessionSent(_writer.Pending);
        var timeout = _services.Options.WriteTimeout;
        try
        {
            var flush = _writer.FlushAsync(cancellationToken);
            if (flush.IsCompletedSuccessfully)
            {
                _ = flush.Result;
                return;
            }

            var pending = flush.AsTask();
            try
            {
                await pending.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _writer.CancelPendingFlush();
                throw new PgWireWriteTimeoutException(timeout);
            }
        }
        catch
        {
            _broken = true;
            throw;
        }
    }
}

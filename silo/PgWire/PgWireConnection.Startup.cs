using System.Text;
using Orleans.DynamicDb.Databases;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The startup phase: SSL and GSS requests, cancel requests, the startup packet and SCRAM-SHA-256.</summary>
internal sealed partial class PgWireConnection
{
    private const int SslRequestCode = 80877103;
    private const int GssEncRequestCode = 80877104;
    private const int CancelRequestCode = 80877102;
    private const int ProtocolMajor = 3;

    /// <summary>Runs the startup phase; false when the connection ends with it (a cancel request, or the client left).</summary>
    private async Task<bool> StartupAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, string> parameters;
        while (true)
        {
            var (read, _) = await _reader.ReadAsync(startup: true, cancellationToken).ConfigureAwait(false);
            if (!read)
            {
                return false;
            }

            _services.Metrics.Received(_reader.Length + 4);
            var code = new PayloadReader(_reader.Payload, "startup packet").Int32();
            if (code is SslRequestCode or GssEncRequestCode && IsTls)
            {
                throw new PgWireException(PgSqlState.ProtocolViolation, "an SSL or GSSAPI encryption request arrived on a connection that is already encrypted", fatal: true);
            }

            if (code == SslRequestCode && _services.Tls.Context is not null)
            {
                if (!await StartTlsAsync(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                continue;
            }

            if (code is SslRequestCode or GssEncRequestCode)
            {
                // No certificate configured (DynamicDb:PgWire:Certificate), and never GSSAPI encryption: the client goes
                // on in plain text (or gives up, with sslmode=require).
                _writer.RawByte((byte)'N');
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (code == CancelRequestCode)
            {
                var cancel = new PayloadReader(_reader.Payload, "cancel request");
                cancel.Int32();
                var processId = cancel.Int32();
                var secret = cancel.Int32();
                var cancelled = _services.Cancellation.Cancel(processId, secret);
                LogCancelRequest(_services.Logger, Remote, processId, cancelled);
                return false;
            }

            parameters = ReadStartupPacket(code);
            break;
        }

        if (_refused)
        {
            _services.Metrics.Refused("max_connections");
            LogRefused(_services.Logger, Remote, _services.Options.MaxConnections);
            throw new PgWireException(PgSqlState.TooManyConnections,
                $"sorry, too many clients already: this silo accepts {_services.Options.MaxConnections} connections ({PgWireOptions.Setting(nameof(PgWireOptions.MaxConnections))})", fatal: true);
        }

        if (_services.Options.RequireTls && !IsTls)
        {
            _services.Metrics.Refused("tls_required");
            LogTlsRequired(_services.Logger, Remote);
            throw new PgWireException(PgSqlState.InvalidAuthorizationSpecification,
                $"this silo accepts PostgreSQL clients only over TLS ({PgWireOptions.Setting(nameof(PgWireOptions.RequireTls))}=true): connect with sslmode=require", fatal: true);
        }

        if (!parameters.TryGetValue("user", out var user) || user.Length == 0)
        {
            throw new PgWireException(PgSqlState.InvalidAuthorizationSpecification,
                "no PostgreSQL user name specified in startup packet: the user is the app the API key belongs to", fatal: true);
        }

        _app = user;
        var database = parameters.TryGetValue("database", out var d) && d.Length > 0 ? d : user;
        if (await AuthenticateAsync(user, cancellationToken).ConfigureAwait(false) is not { } keyId)
        {
            return false;
        }

        var perApp = _services.Options.MaxConnectionsPerApp;
        if (!_services.AppConnections.TryAdd(user, perApp))
        {
            _services.Metrics.Refused("max_connections_per_app");
            LogRefusedPerApp(_services.Logger, Remote, user, perApp);
            throw new PgWireException(PgSqlState.TooManyConnections,
                $"too many connections for app \"{user}\": this silo accepts {perApp} connections per app ({PgWireOptions.Setting(nameof(PgWireOptions.MaxConnectionsPerApp))})", fatal: true);
        }

        _countedApp = true;
        try
        {
            _database = DatabaseName.Create(user, database);
        }
        catch (DynamicDbException e)
        {
            throw new PgWireException(PgSqlState.InvalidCatalogName, $"database \"{database}\" cannot be opened: {e.Message}", fatal: true);
        }

        _grain = _services.Grains.GetGrain<IDatabaseGrain>(_database.Key);
        foreach (var (name, value) in parameters)
        {
            if (name is not ("user" or "database" or "options" or "replication") && !name.StartsWith("_pq_.", StringComparison.Ordinal))
            {
                _settings[name] = value;
            }
        }

        (_processId, _secretKey) = _services.Cancellation.Register(this);
        Authenticated();
        OpenSession(keyId);
        LogConnected(_services.Logger, Remote, _app, _database.Database, _processId);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Dictionary<string, string> ReadStartupPacket(int code)
    {
        var major = code >> 16;
        var minor = code & 0xFFFF;
        if (major != ProtocolMajor)
        {
            _services.Metrics.Refused("protocol_version");
            throw new PgWireException(PgSqlState.FeatureNotSupported,
                $"unsupported frontend protocol {major}.{minor}: server supports 3.0 to 3.0", fatal: true);
        }

        var packet = new PayloadReader(_reader.Payload, "startup packet");
        packet.Int32();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var unrecognized = new List<string>();
        while (packet.Remaining > 0)
        {
            var name = packet.CString();
            if (name.Length == 0)
            {
                break;
            }

            var value = packet.CString();
            if (name.StartsWith("_pq_.", StringComparison.Ordinal))
            {
                unrecognized.Add(name);
            }

            parameters[name] = value;
        }

        if (minor > 0 || unrecognized.Count > 0)
        {
            // A newer 3.x client: tell it what this server speaks (NegotiateProtocolVersion) and go on with 3.0.
            _writer.Start((byte)'v');
            _writer.Int32(0);
            _writer.Int32(unrecognized.Count);
            foreach (var option in unrecognized)
            {
                _writer.CString(option);
            }

            _writer.End();
        }

        return parameters;
    }

    /// <summary>Runs SCRAM-SHA-256; the id of the key the client proved it holds, or null when the client left.</summary>
    private async Task<string?> AuthenticateAsync(string user, CancellationToken cancellationToken)
    {
        var credentials = _services.Credentials;
        if (credentials.HasHashOnlyKeys(user) && IsTls)
        {
            // Keys configured only by their hash cannot be checked by SCRAM: over TLS the password may travel as it is.
            return await CleartextAsync(user, cancellationToken).ConfigureAwait(false);
        }

        if (credentials.IsHashOnly(user))
        {
            _services.Metrics.Refused("auth");
            var tls = _services.Tls.Context is null
                ? $"this silo's wire frontend has no TLS certificate ({PgWireOptions.Setting("Certificate:Path")})"
                : "this connection is not encrypted: connect with sslmode=require";
            throw new PgWireException(PgSqlState.InvalidAuthorizationSpecification,
                $"app \"{user}\" has only API keys configured by their SHA-256 (DynamicDb:Auth:ApiKeys:N:KeySha256): SCRAM-SHA-256 needs the key itself " +
                $"(DynamicDb:Auth:ApiKeys:N:Key), and a cleartext password is accepted only over TLS, but {tls}", fatal: true);
        }

        var exchange = new ScramExchange(credentials.For(user));
        _writer.Start((byte)'R');
        _writer.Int32(10);
        _writer.CString("SCRAM-SHA-256");
        _writer.Byte(0);
        _writer.End();
        await FlushAsync(cancellationToken).ConfigureAwait(false);

        if (!await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var initial = new PayloadReader(_reader.Payload, "SASLInitialResponse");
        var mechanism = initial.CString();
        if (mechanism != "SCRAM-SHA-256")
        {
            throw new PgWireException(PgSqlState.InvalidAuthorizationSpecification, $"SASL authentication mechanism \"{mechanism}\" is not supported: use SCRAM-SHA-256", fatal: true);
        }

        var length = initial.Int32();
        var serverFirst = exchange.ServerFirst(Encoding.UTF8.GetString(initial.Bytes(length)));
        SendAuthentication(11, serverFirst);
        await FlushAsync(cancellationToken).ConfigureAwait(false);

        if (!await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var serverFinal = exchange.ServerFinal(Encoding.UTF8.GetString(_reader.Payload));
        if (serverFinal is null)
        {
            _services.Metrics.Refused("auth");
            LogAuthenticationFailed(_services.Logger, Remote, user);
            throw new PgWireException(PgSqlState.InvalidPassword, $"password authentication failed for user \"{user}\"", fatal: true);
        }

        _readOnly = exchange.Matched?.ReadOnly ?? false;
        SendAuthentication(12, serverFinal);
        return exchange.Matched?.KeyId ?? "unknown";
    }

    /// <summary>
    /// AuthenticationCleartextPassword (only over TLS): the password is an API key of <paramref name="user"/>, checked by its
    /// hash. The key's credential id, or null when the client left.
    /// </summary>
    private async Task<string?> CleartextAsync(string user, CancellationToken cancellationToken)
    {
        _writer.Start((byte)'R');
        _writer.Int32(3);
        _writer.End();
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (!await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var password = new PayloadReader(_reader.Payload, "PasswordMessage").CString();
        if (_services.Keys.FindKey(password) is not { } key || key.App != user)
        {
            _services.Metrics.Refused("auth");
            LogAuthenticationFailed(_services.Logger, Remote, user);
            throw new PgWireException(PgSqlState.InvalidPassword, $"password authentication failed for user \"{user}\"", fatal: true);
        }

        _readOnly = key.ReadOnly;
        return Auth.ApiKeyStore.AppKeyId(password);
    }

    private async Task<bool> ReadPasswordMessageAsync(CancellationToken cancellationToken)
    {
        var (read, type) = await _reader.ReadAsync(startup: false, cancellationToken).ConfigureAwait(false);
        if (!read)
        {
            // psql closes the connection when the server asks for a password it has not got, then asks the user.
            return false;
        }

        _services.Metrics.Received(_reader.Length + 5);
        return type == (byte)'p'
            ? true
            : throw new PgWireException(PgSqlState.ProtocolViolation, $"expected a password message (SASL response or password), got message type {type} ('{(char)type}')", fatal: true);
    }

    private void SendAuthentication(int code, string data)
    {
        _writer.Start((byte)'R');
        _writer.Int32(code);
        _writer.Text(data);
        _writer.End();
    }

    private void Authenticated()
    {
        _writer.Start((byte)'R');
        _writer.Int32(0);
        _writer.End();
        foreach (var (name, value) in PgSettings.Reported(_settings))
        {
            ParameterStatus(name, value);
        }

        _writer.Start((byte)'K');
        _writer.Int32(_processId);
        _writer.Int32(_secretKey);
        _writer.End();
        ReadyForQuery();
    }
}

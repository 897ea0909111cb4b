namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>The extended query protocol: Parse, Bind, Describe, Execute and Close (Sync and Flush are in the main loop).</summary>
internal sealed partial class PgWireConnection
{
    private async Task ExtendedAsync(byte type, CancellationToken stopping)
    {
        switch (type)
        {
            case (byte)'P':
                Parse();
                Empty((byte)'1');
                return;
            case (byte)'B':
                Bind();
                Empty((byte)'2');
                return;
            case (byte)'D':
                await DescribeAsync(stopping).ConfigureAwait(false);
                return;
            case (byte)'E':
                var execute = new PayloadReader(_reader.Payload, "Execute");
                var portal = FindPortal(execute.CString());
                var maxRows = execute.Int32();
                await RunPortalAsync(portal, maxRows, describe: false, stopping).ConfigureAwait(false);
                return;
            default:
                var close = new PayloadReader(_reader.Payload, "Close");
                var kind = close.Byte();
                var name = close.CString();
                _ = kind == (byte)'S' ? _statements.Remove(name) : _portals.Remove(name);
                Empty((byte)'3');
                return;
        }
    }

    private void Parse()
    {
        var message = new PayloadReader(_reader.Payload, "Parse");
        var name = message.CString();
        var query = message.CString();
        var count = message.Int16();
        var types = new int[Math.Max((int)count, 0)];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = message.Int32();
        }

        if (name.Length > 0 && _statements.ContainsKey(name))
        {
            throw new PgWireException("42P05", $"prepared statement \"{name}\" already exists");
        }

        if (SqlScanner.Split(query).Count > 1)
        {
            throw new PgWireException(PgSqlState.SyntaxError, "cannot insert multiple commands into a prepared statement");
        }

        _statements[name] = PgStatement.Of(query, types);
    }

    private void Bind()
    {
        var message = new PayloadReader(_reader.Payload, "Bind");
        var portalName = message.CString();
        var statementName = message.CString();
        var statement = _statements.TryGetValue(statementName, out var s)
            ? s
            : throw new PgWireException(PgSqlState.InvalidSqlStatementName, $"prepared statement \"{statementName}\" does not exist");
        var formats = ReadFormats(ref message);
        var count = message.Int16();
        if (count != statement.ParameterTypes.Length)
        {
            throw new PgWireException(PgSqlState.ProtocolViolation,
                $"bind message supplies {count} parameters, but prepared statement \"{statementName}\" requires {statement.ParameterTypes.Length}");
        }

        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            var length = message.Int32();
            if (length < 0)
            {
                continue;
            }

            var binary = formats.Length switch
            {
                0 => false,
                1 => formats[0] == 1,
                _ => i < formats.Length && formats[i] == 1,
            };
            values[i] = PgParameterReader.Read(i, statement.ParameterTypes[i], binary, message.Bytes(length));
        }

        var resultFormats = ReadFormats(ref message);
        if (portalName.Length > 0 && _portals.ContainsKey(portalName))
        {
            throw new PgWireException("42P03", $"cursor \"{portalName}\" already exists");
        }

        _portals[portalName] = new PgPortal(statement, statement.Translation.Arguments(values), resultFormats);
    }

    private async Task DescribeAsync(CancellationToken stopping)
    {
        var message = new PayloadReader(_reader.Payload, "Describe");
        var kind = message.Byte();
        var name = message.CString();
        if (_transactionFailed)
        {
            // Describing runs the statement (or a probe of it): not in a failed transaction.
            var described = kind == (byte)'S' ? _statements.GetValueOrDefault(name) : _portals.GetValueOrDefault(name)?.Statement;
            if (described?.Kind is not (StatementKind.Transaction or StatementKind.Empty))
            {
                ThrowIfFailed();
            }
        }

        if (kind == (byte)'S')
        {
            var statement = _statements.TryGetValue(name, out var s)
                ? s
                : throw new PgWireException(PgSqlState.InvalidSqlStatementName, $"prepared statement \"{name}\" does not exist");
            _writer.Start((byte)'t');
            _writer.Int16((short)statement.ParameterTypes.Length);
            foreach (var oid in statement.ParameterTypes)
            {
                _writer.Int32(oid == PgType.Unspecified ? PgType.Text : oid);
            }

            _writer.End();
            if (statement.Kind == StatementKind.WriteReturning)
            {
                // Describing it would mean running the write: its columns are known only from a portal (Bind, then Describe).
                throw new PgWireException(PgSqlState.FeatureNotSupported,
                    "describing a prepared write with RETURNING is not supported by the wire frontend: execute it unprepared (its portal is described when it runs)");
            }

            if (statement.Kind is StatementKind.Query or StatementKind.Show)
            {
                // Without the engine's own description, the columns come from running the statement with null arguments,
                // in the engine's read-only mode: a query that would write (a function, a CTE) is refused, never applied.
                var probe = new PgPortal(statement, statement.Translation.Arguments(new object?[statement.ParameterTypes.Length]), []);
                _describing = true;
                try
                {
                    await EnsureResultAsync(probe, stopping).ConfigureAwait(false);
                }
                finally
                {
                    _describing = false;
                }

                statement.Described = probe.Shape;
                RowDescription(probe.Shape!, null);
            }
            else
            {
                Empty((byte)'n');
            }

            return;
        }

        var portal = FindPortal(name);
        if (portal.Statement.Kind is StatementKind.Query or StatementKind.Show or StatementKind.WriteReturning)
        {
            await EnsureResultAsync(portal, stopping).ConfigureAwait(false);
            RowDescription(portal.Shape!, portal);
        }
        else
        {
            Empty((byte)'n');
        }
    }

    private PgPortal FindPortal(string name) =>
        _portals.TryGetValue(name, out var portal) ? portal : throw new PgWireException(PgSqlState.InvalidCursorName, $"portal \"{name}\" does not exist");

    private static short[] ReadFormats(ref PayloadReader message)
    {
        var count = message.Int16();
        var formats = new short[Math.Max((int)count, 0)];
        for (var i = 0; i < formats.Length; i++)
        {
            formats[i] = message.Int16();
            if (formats[i] is not (0 or 1))
            {
                throw new PgWireException(PgSqlState.ProtocolViolation, $"unsupported format code: {formats[i]}");
            }
        }

        return formats;
    }
}

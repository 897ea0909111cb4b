using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Silo.PgWire;

/// <summary>
/// The server side of one SCRAM-SHA-256 exchange: the client's first message, the server's first message, then the
/// client's final message checked against each of the app's verifiers in constant time per verifier.
/// </summary>
internal sealed class ScramExchange(AppVerifiers verifiers)
{
    /// <summary>The verifier of the key the client proved it holds, once <see cref="ServerFinal"/> accepted a proof.</summary>
    public ScramVerifier? Matched { get; private set; }

    private string _clientFirstBare = "";
    private string _serverFirst = "";
    private string _nonce = "";

    /// <summary>Reads <c>n,,n=user,r=nonce</c> and answers <c>r=nonce+server,s=salt,i=4096</c>.</summary>
    public string ServerFirst(string clientFirst)
    {
        if (clientFirst.StartsWith("p=", StringComparison.Ordinal))
        {
            throw Fail("channel binding (SCRAM-SHA-256-PLUS) is not supported");
        }

        if (!clientFirst.StartsWith("n,,", StringComparison.Ordinal) && !clientFirst.StartsWith("y,,", StringComparison.Ordinal))
        {
            throw Fail("malformed SCRAM message: expected the GS2 header 'n,,' or 'y,,'");
        }

        _clientFirstBare = clientFirst[3..];
        var clientNonce = Attribute(_clientFirstBare, 'r') ?? throw Fail("malformed SCRAM message: no client nonce");
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(verifiers.Salt)},i={ScramCredentials.Iterations}";
        return _serverFirst;
    }

    /// <summary>Checks <c>c=...,r=...,p=proof</c>; answers the server signature <c>v=...</c>, or null when no key of the app matches.</summary>
    public string? ServerFinal(string clientFinal)
    {
        var proofAt = clientFinal.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            throw Fail("malformed SCRAM message: no proof");
        }

        var withoutProof = clientFinal[..proofAt];
        if (Attribute(withoutProof, 'r') != _nonce)
        {
            throw Fail("malformed SCRAM message: the nonce does not match");
        }

        Span<byte> proof = stackalloc byte[32];
        if (!Convert.TryFromBase64String(clientFinal[(proofAt + 3)..], proof, out var proofLength) || proofLength != 32)
        {
            return null;
        }

        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        Span<byte> clientKey = stackalloc byte[32];
        Span<byte> storedKey = stackalloc byte[32];
        ScramVerifier? match = null;
        foreach (var verifier in verifiers.Verifiers)
        {
            var signature = HMACSHA256.HashData(verifier.StoredKey, authMessage);
            for (var i = 0; i < 32; i++)
            {
                clientKey[i] = (byte)(proof[i] ^ signature[i]);
            }

            SHA256.HashData(clientKey, storedKey);
            if (CryptographicOperations.FixedTimeEquals(storedKey, verifier.StoredKey))
            {
                match = verifier;
            }
        }

        Matched = match;
        return match is null ? null : $"v={Convert.ToBase64String(HMACSHA256.HashData(match.ServerKey, authMessage))}";
    }

    private static string? Attribute(string message, char name)
    {
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[0] == name && part[1] == '=')
            {
                return part[2..];
            }
        }

        return null;
    }

    private static PgWireException Fail(string message) => new(PgSqlState.ProtocolViolation, message, fatal: true);
}

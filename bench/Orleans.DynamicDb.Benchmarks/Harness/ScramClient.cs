using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.DynamicDb.Benchmarks.Harness;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802/7677, no channel binding: gs2 header <c>n,,</c>) for one password. The
/// salted password (PBKDF2, the expensive part) is computed once per salt and iteration count and reused, so that a
/// bench opening thousands of connections measures the server's handshake, not its own key derivation.
/// </summary>
/// <param name="password">The password (here: an app's API key).</param>
/// <param name="user">The name in client-first-message; PostgreSQL ignores it (the startup message names the user) and libpq sends it empty.</param>
internal sealed class ScramClient(string password, string user = "")
{
    private readonly string _user = user;
    private readonly ConcurrentDictionary<(string Salt, int Iterations), byte[]> _salted = new();

    /// <summary>Starts one exchange with a fresh client nonce.</summary>
    public Exchange Start() => Start(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    /// <summary>Starts one exchange with the given client nonce (printable ASCII without ','; a test vector's).</summary>
    public Exchange Start(string nonce) => new(this, nonce);

    private byte[] Salted(string salt, int iterations) => _salted.GetOrAdd((salt, iterations), key =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(key.Salt), key.Iterations, HashAlgorithmName.SHA256, 32));

    /// <summary>One authentication exchange.</summary>
    internal sealed class Exchange(ScramClient client, string nonce)
    {
        private byte[]? _serverSignature;

        /// <summary>client-first-message: <c>n,,n={user},r={nonce}</c>.</summary>
        public string ClientFirst => $"n,,{ClientFirstBare}";

        private string ClientFirstBare => $"n={client._user},r={nonce}";

        /// <summary>client-final-message for the server-first-message <paramref name="serverFirst"/> (<c>r=...,s=...,i=...</c>).</summary>
        public string ClientFinal(string serverFirst)
        {
            var fields = serverFirst.Split(',').Where(f => f.Length > 2 && f[1] == '=').ToDictionary(f => f[0], f => f[2..]);
            var serverNonce = fields['r'];
            if (!serverNonce.StartsWith(nonce, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the server's SCRAM nonce does not extend the client's");
            }

            var salted = client.Salted(fields['s'], int.Parse(fields['i'], System.Globalization.CultureInfo.InvariantCulture));
            var withoutProof = $"c=biws,r={serverNonce}";
            var authMessage = Encoding.UTF8.GetBytes($"{ClientFirstBare},{serverFirst},{withoutProof}");
            var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
            var storedKey = SHA256.HashData(clientKey);
            var signature = HMACSHA256.HashData(storedKey, authMessage);
            var proof = new byte[clientKey.Length];
            for (var i = 0; i < proof.Length; i++)
            {
                proof[i] = (byte)(clientKey[i] ^ signature[i]);
            }

            _serverSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
            return $"{withoutProof},p={Convert.ToBase64String(proof)}";
        }

        /// <summary>Checks the server-final-message <c>v=...</c>; fails when the server did not prove it knows the key.</summary>
        public void VerifyServerFinal(string serverFinal)
        {
            if (_serverSignature is null || serverFinal != $"v={Convert.ToBase64String(_serverSignature)}")
            {
                throw new InvalidOperationException($"the server's SCRAM signature is wrong: '{serverFinal}'");
            }
        }
    }
}

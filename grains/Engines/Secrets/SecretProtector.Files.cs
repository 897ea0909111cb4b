using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Orleans.DynamicDb.Errors;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>Credentials kept in files the silo writes itself (a managed instance's or a group's superuser password).</summary>
public sealed partial class SecretProtector
{
    /// <summary>Writes <paramref name="secret"/> protected for <paramref name="purpose"/> to <paramref name="path"/> (owner-only, replaced atomically).</summary>
    public void WriteFile(string path, string purpose, string secret)
    {
        var content = $"{Header}\n{Provider.CreateProtector(purpose).Protect(secret)}\n";
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// The secret in <paramref name="path"/>: unprotected, or — for an older plaintext file — read as it is and the file
    /// rewritten protected, then <paramref name="migrated"/> called with its path.
    /// </summary>
    /// <exception cref="DynamicDbException"><see cref="ErrorCodes.SecretUnreadable"/> when the key ring cannot decrypt the file.</exception>
    public string ReadFile(string path, string purpose, Action<string>? migrated = null)
    {
        var content = File.ReadAllText(path);
        if (!content.StartsWith(Header + "\n", StringComparison.Ordinal))
        {
            var secret = content.Trim();
            WriteFile(path, purpose, secret);
            migrated?.Invoke(path);
            return secret;
        }

        return UnprotectPayload(purpose, content[(Header.Length + 1)..].Trim(), $"The credential in '{path}'");
    }

    /// <summary>Whether <paramref name="path"/> holds a protected secret (rather than an older plaintext one).</summary>
    public static bool IsProtected(string path) =>
        File.Exists(path) && File.ReadAllText(path).StartsWith(Header + "\n", StringComparison.Ordinal);
}

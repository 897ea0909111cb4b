using Orleans.DynamicDb.Engines.Secrets;

namespace Orleans.DynamicDb.Engines.Ha.Registered;

/// <summary>
/// A password an operator put in a standby's <c>primary_conninfo</c> (<c>password=…</c>) is part of what the silo records
/// of a registered group (the template it repoints the standby with after a failover), so <c>group.json</c> would hold it.
/// It is kept there encrypted with Data Protection (<see cref="SecretPurposes.RegisteredConninfoPassword"/>): only the value
/// of the <c>password</c> keyword is replaced, the rest of the conninfo stays readable. In memory, and in what is written
/// back to the standby, the password is in clear, so repointing keeps working. A file an earlier version wrote with it in
/// clear is read as it is and rewritten encrypted on start.
/// </summary>
internal static class RegisteredLayoutSecrets
{
    private const string PasswordKey = "password";

    /// <summary>The layout to write to the file: every conninfo's password encrypted.</summary>
    public static RegisteredLayout Protect(RegisteredLayout layout, SecretProtector secrets) =>
        Map(layout, value => SecretProtector.IsProtectedValue(value) ? value : secrets.Protect(SecretPurposes.RegisteredConninfoPassword, value));

    /// <summary>The layout read from <paramref name="file"/> with its passwords in clear; <paramref name="plaintext"/>: whether one was stored in clear.</summary>
    /// <exception cref="Errors.DynamicDbException"><c>secret.unreadable</c> naming the file and the key ring.</exception>
    public static RegisteredLayout Unprotect(RegisteredLayout layout, SecretProtector secrets, string file, out bool plaintext)
    {
        var found = false;
        var result = Map(layout, value =>
        {
            if (!SecretProtector.IsProtectedValue(value))
            {
                found = true;
                return value;
            }

            return secrets.Unprotect(SecretPurposes.RegisteredConninfoPassword, value, $"The primary_conninfo password in '{file}'");
        });
        plaintext = found;
        return result;
    }

    private static RegisteredLayout Map(RegisteredLayout layout, Func<string, string> password) => layout with
    {
        Members = layout.Members
            .Select(m => m.Conninfo is { Length: > 0 } conninfo && Conninfo.Get(conninfo, PasswordKey) is { Length: > 0 }
                ? m with { Conninfo = Conninfo.Format(Conninfo.Parse(conninfo).Select(p => p.Key == PasswordKey ? new KeyValuePair<string, string>(p.Key, password(p.Value)) : p)) }
                : m)
            .ToList(),
    };
}

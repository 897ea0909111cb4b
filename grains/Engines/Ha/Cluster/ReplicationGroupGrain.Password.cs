using System.Security.Cryptography;
using Orleans.DynamicDb.Engines.Secrets;

namespace Orleans.DynamicDb.Engines.Ha.Cluster;

/// <summary>
/// The group's superuser and replication password at rest: the grain state (<see cref="ReplicationGroupGrainState.Password"/>)
/// holds it encrypted with Data Protection (<see cref="SecretPurposes.ClusterGroupPassword"/>) under the key ring the silos
/// share (the catalog's, docs/security.md), since the grain may wake on any silo; it is decrypted once per activation.
/// </summary>
internal sealed partial class ReplicationGroupGrain
{
    private string? _password;

    /// <summary>The password in clear; <c>secret.unreadable</c> naming the group and the ring when the ring cannot decrypt it.</summary>
    private string Password => _password ??= SecretProtector.IsProtectedValue(state.State.Password)
        ? secrets.Unprotect(SecretPurposes.ClusterGroupPassword, state.State.Password,
            $"The superuser password of replication group '{Name}' (grain state 'hagroup')")
        : state.State.Password;

    /// <summary>A fresh password for a group being created, kept encrypted in the state (persisted with the layout).</summary>
    private void NewPassword()
    {
        _password = RandomNumberGenerator.GetHexString(32, lowercase: true);
        state.State.Password = secrets.Protect(SecretPurposes.ClusterGroupPassword, _password);
    }

    /// <summary>A state an earlier version wrote with the password in clear is written again with it encrypted, logged once.</summary>
    private async Task ProtectStoredPasswordAsync()
    {
        var stored = state.State.Password;
        if (string.IsNullOrEmpty(stored) || SecretProtector.IsProtectedValue(stored))
        {
            return;
        }

        _password = stored;
        state.State.Password = secrets.Protect(SecretPurposes.ClusterGroupPassword, stored);
        await state.WriteStateAsync();
        SecretLog.GroupStateMigrated(logger, Name, secrets.KeyRing);
    }
}

using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Orleans.DynamicDb.Engines.Secrets;

/// <summary>
/// Hears Data Protection create a key (as a key escrow sink) and passes on only its id: the key material it is given
/// is never kept or passed on.
/// </summary>
internal sealed class KeyCreationSink(Action<Guid> created) : IKeyEscrowSink
{
    public void Store(Guid keyId, XElement element) => created(keyId);
}

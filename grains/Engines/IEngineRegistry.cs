using System.Diagnostics.CodeAnalysis;

namespace Orleans.DynamicDb.Engines;

/// <summary>The configured engines of this silo, resolved by id.</summary>
public interface IEngineRegistry : IAsyncDisposable
{
    /// <summary>The engine new databases go to (the one marked Default, else the first configured).</summary>
    IDatabaseEngine Default { get; }

    /// <summary>Every engine, in configuration order.</summary>
    IReadOnlyList<IDatabaseEngine> Engines { get; }

    /// <summary>The engine with this id (ignoring case).</summary>
    /// <exception cref="Errors.DynamicDbException"><see cref="Errors.ErrorCodes.EngineUnknown"/>, naming the id and the known ones.</exception>
    IDatabaseEngine Get(string engineId);

    /// <summary>The engine with this id (ignoring case), if configured.</summary>
    bool TryGet(string engineId, [MaybeNullWhen(false)] out IDatabaseEngine engine);
}

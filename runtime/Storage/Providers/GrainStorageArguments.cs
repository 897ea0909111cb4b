namespace Orleans.DynamicDb.Runtime.Storage;

/// <summary>Argument checks shared by the grain storage providers.</summary>
internal static class GrainStorageArguments
{
    public static void Validate<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is the default value, which names no grain.", nameof(grainId));
        }
    }
}

namespace Orleans.DynamicDb.Runtime;

/// <summary>Creates references to grains. A reference is cheap; the grain activates on its first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to the grain with this id, seen through <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;
}

/// <summary>A client of a cluster: the way code outside grains calls grains.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>The services of the host the client lives in.</summary>
    IServiceProvider ServiceProvider { get; }
}

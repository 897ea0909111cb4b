using Orleans.DynamicDb.Runtime.Activation;

namespace Orleans.DynamicDb.Runtime.Hosting;

/// <summary>The cluster client of code running inside a silo's process: calls go straight to the local runtime.</summary>
internal sealed class InProcessClusterClient(GrainRuntime runtime, IServiceProvider services) : IClusterClient
{
    public IServiceProvider ServiceProvider => services;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey => runtime.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey)
        where TGrainInterface : IGrainWithGuidKey => runtime.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey)
        where TGrainInterface : IGrainWithIntegerKey => runtime.GetGrain<TGrainInterface>(primaryKey);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => runtime.GetGrain<TGrainInterface>(grainId);
}

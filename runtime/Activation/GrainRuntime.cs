namespace Orleans.DynamicDb.Runtime.Activation;

/// <summary>The silo's grain runtime (stub).</summary>
internal sealed class GrainRuntime
{
    public IGrainFactory GrainFactory => throw new NotImplementedException();
}

using System.Reflection;
using Orleans.DynamicDb.Runtime.Activation;
using Orleans.DynamicDb.Runtime.Invocation;

namespace Orleans.DynamicDb.Runtime;

/// <summary>Runs the silo's incoming call filters, then the grain's own filter, then the grain method.</summary>
internal sealed class IncomingGrainCallContext(ActivationData activation, object grain, GrainMethodDescriptor method, object?[] arguments) : IIncomingGrainCallContext
{
    private int _stage;

    public object Grain => grain;

    public GrainId TargetId => activation.GrainId;

    public MethodInfo InterfaceMethod => method.Method;

    public MethodInfo ImplementationMethod => activation.ClassInfo.GetImplementation(method.Method);

    public string InterfaceName => method.InterfaceType.FullName ?? method.InterfaceType.Name;

    public string MethodName => method.Method.Name;

    public IReadOnlyList<object?> Arguments => arguments;

    public object? Result { get; set; }

    public async Task Invoke()
    {
        var filters = activation.Runtime.CallFilters;
        var stage = _stage++;
        if (stage < filters.Length)
        {
            await filters[stage].Invoke(this);
            return;
        }

        if (stage == filters.Length && grain is IIncomingGrainCallFilter own)
        {
            await own.Invoke(this);
            return;
        }

        Result = await InvokeMethodAsync();
    }

    private Task<object?> InvokeMethodAsync() => method.BoxedInvoker(grain, arguments);
}

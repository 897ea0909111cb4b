using System.Reflection;

namespace Orleans.DynamicDb.Runtime;

/// <summary>Runs around every call a grain receives (metrics, tracing, the dashboard). Register with AddIncomingGrainCallFilter.</summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Calls <see cref="IGrainCallContext.Invoke"/> to go on to the next filter and finally the grain.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}

/// <summary>One grain call as a filter sees it.</summary>
public interface IGrainCallContext
{
    /// <summary>The grain instance being called.</summary>
    object Grain { get; }

    GrainId TargetId { get; }

    /// <summary>The grain interface method being called.</summary>
    MethodInfo InterfaceMethod { get; }

    string InterfaceName { get; }

    string MethodName { get; }

    /// <summary>The call's arguments, after copying.</summary>
    IReadOnlyList<object?> Arguments { get; }

    /// <summary>The result, once <see cref="Invoke"/> has completed; a filter may replace it.</summary>
    object? Result { get; set; }

    /// <summary>Runs the rest of the pipeline.</summary>
    Task Invoke();
}

/// <summary>A call received by a grain.</summary>
public interface IIncomingGrainCallContext : IGrainCallContext
{
    /// <summary>The grain class's method that implements the interface method.</summary>
    MethodInfo ImplementationMethod { get; }
}

using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>One grain interface: its methods (including inherited grain interfaces) in a fixed order.</summary>
internal sealed class GrainInterfaceInfo
{
    public GrainInterfaceInfo(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IAddressable).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"'{interfaceType.FullName}' is not a grain interface (an interface deriving from IGrainWithStringKey, IGrainWithGuidKey or IGrainWithIntegerKey).", nameof(interfaceType));
        }

        if (!interfaceType.IsVisible)
        {
            throw new ArgumentException($"Grain interface '{interfaceType.FullName}' must be public: the runtime generates a proxy for it in a separate assembly.", nameof(interfaceType));
        }

        if (interfaceType.ContainsGenericParameters)
        {
            throw new ArgumentException($"Grain interface '{interfaceType.FullName}' is an open generic; use a closed type.", nameof(interfaceType));
        }

        InterfaceType = interfaceType;
        var methods = new List<GrainMethodDescriptor>();
        foreach (var type in new[] { interfaceType }.Concat(interfaceType.GetInterfaces()).Where(t => typeof(IAddressable).IsAssignableFrom(t)))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.IsSpecialName)
                {
                    throw new ArgumentException($"Grain interface '{type.FullName}' declares property or event accessor '{method.Name}'; grain interfaces hold methods only.", nameof(interfaceType));
                }

                if (method.IsGenericMethodDefinition)
                {
                    throw new ArgumentException($"Grain method {type.Name}.{method.Name} is generic; generic grain methods are not supported.", nameof(interfaceType));
                }

                methods.Add(new GrainMethodDescriptor(type, method, methods.Count));
            }
        }

        Methods = methods;
        ByMethod = methods.ToDictionary(m => m.Method);
    }

    public Type InterfaceType { get; }

    public IReadOnlyList<GrainMethodDescriptor> Methods { get; }

    public IReadOnlyDictionary<MethodInfo, GrainMethodDescriptor> ByMethod { get; }
}

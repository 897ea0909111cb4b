using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;

namespace Orleans.DynamicDb.Runtime.Invocation;

/// <summary>
/// Emits one proxy class per grain interface, once per process. Each interface method packs its arguments into an
/// array and calls the matching GrainReference.Invoke* with the method's index: no reflection per call.
/// </summary>
internal static class GrainProxyGenerator
{
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("Orleans.DynamicDb.GeneratedProxies"), AssemblyBuilderAccess.Run)
        .DefineDynamicModule("Orleans.DynamicDb.GeneratedProxies");

    private static readonly ConcurrentDictionary<Type, Lazy<(GrainInterfaceInfo Info, Func<GrainReferenceShared, GrainId, GrainReference> Create)>> Cache = new();

    private static readonly Lock EmitLock = new();

    /// <summary>The interface's method table and a compiled constructor of its proxy.</summary>
    public static (GrainInterfaceInfo Info, Func<GrainReferenceShared, GrainId, GrainReference> Create) Get(Type interfaceType) =>
        Cache.GetOrAdd(interfaceType, static t => new Lazy<(GrainInterfaceInfo, Func<GrainReferenceShared, GrainId, GrainReference>)>(() => Build(t))).Value;

    private static (GrainInterfaceInfo, Func<GrainReferenceShared, GrainId, GrainReference>) Build(Type interfaceType)
    {
        var info = new GrainInterfaceInfo(interfaceType);
        Type proxyType;
        lock (EmitLock)
        {
            proxyType = Emit(info);
        }

        var shared = Expression.Parameter(typeof(GrainReferenceShared), "shared");
        var id = Expression.Parameter(typeof(GrainId), "id");
        var ctor = proxyType.GetConstructor([typeof(GrainReferenceShared), typeof(GrainId)])!;
        var create = Expression.Lambda<Func<GrainReferenceShared, GrainId, GrainReference>>(Expression.New(ctor, shared, id), shared, id).Compile();
        return (info, create);
    }

    private static Type Emit(GrainInterfaceInfo info)
    {
        var name = $"Proxy.{info.InterfaceType.FullName}.{Guid.NewGuid():N}";
        var type = Module.DefineType(name, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(GrainReference), [info.InterfaceType]);

        var baseCtor = typeof(GrainReference).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(GrainReferenceShared), typeof(GrainId)])!;
        var ctor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(GrainReferenceShared), typeof(GrainId)]);
        var il = ctor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, baseCtor);
        il.Emit(OpCodes.Ret);

        var emptyArray = typeof(Array).GetMethod(nameof(Array.Empty))!.MakeGenericMethod(typeof(object));
        foreach (var descriptor in info.Methods)
        {
            var method = descriptor.Method;
            var parameters = method.GetParameters();
            var impl = type.DefineMethod(
                $"{descriptor.InterfaceType.FullName}.{method.Name}#{descriptor.Index}",
                MethodAttributes.Private | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                method.ReturnType,
                parameters.Select(p => p.ParameterType).ToArray());
            il = impl.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I4, descriptor.Index);
            if (parameters.Length == 0)
            {
                il.Emit(OpCodes.Call, emptyArray);
            }
            else
            {
                il.Emit(OpCodes.Ldc_I4, parameters.Length);
                il.Emit(OpCodes.Newarr, typeof(object));
                for (var i = 0; i < parameters.Length; i++)
                {
                    il.Emit(OpCodes.Dup);
                    il.Emit(OpCodes.Ldc_I4, i);
                    il.Emit(OpCodes.Ldarg, i + 1);
                    if (parameters[i].ParameterType.IsValueType)
                    {
                        il.Emit(OpCodes.Box, parameters[i].ParameterType);
                    }

                    il.Emit(OpCodes.Stelem_Ref);
                }
            }

            il.Emit(OpCodes.Call, InvokeMethodFor(descriptor));
            il.Emit(OpCodes.Ret);
            type.DefineMethodOverride(impl, method);
        }

        try
        {
            return type.CreateType();
        }
        catch (TypeLoadException e)
        {
            throw new InvalidOperationException($"Could not generate a proxy for grain interface '{info.InterfaceType.FullName}': {e.Message}. Grain interfaces may only inherit other grain interfaces.", e);
        }
    }

    private static MethodInfo InvokeMethodFor(GrainMethodDescriptor descriptor)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic;
        var methods = typeof(GrainReference).GetMethods(flags);
        MethodInfo Pick(string name, bool generic) => methods.Single(m => m.Name == name && m.IsGenericMethodDefinition == generic);
        return descriptor.Kind switch
        {
            GrainMethodKind.Task => Pick("InvokeTask", false),
            GrainMethodKind.ValueTask => Pick("InvokeValueTask", false),
            GrainMethodKind.TaskOfT => Pick("InvokeTask", true).MakeGenericMethod(descriptor.ResultType!),
            _ => Pick("InvokeValueTask", true).MakeGenericMethod(descriptor.ResultType!),
        };
    }
}

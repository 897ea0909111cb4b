using System.Reflection;
using System.Reflection.Emit;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// Emits, once per type, a method that copies the fields needing a deep copy: references to anything not
/// shallow-copyable, and structs holding such references. Emitted IL (rather than expression trees) can store into
/// read-only fields, which records and init-only properties are made of.
/// </summary>
internal static class FieldCopierEmitter
{
    private static readonly MethodInfo CloneMethod =
        typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private static readonly MethodInfo RecordMethod = typeof(CopyContext).GetMethod(nameof(CopyContext.Record))!;

    private static readonly MethodInfo CopyObjectMethod = typeof(CopyContext).GetMethod(nameof(CopyContext.CopyObject))!;

    /// <summary>A copier for an object or a boxed struct: clone it, record the clone, then copy fields in the clone.</summary>
    public static ObjectCopier CreateObjectCopier(Type type)
    {
        var fields = FieldsNeedingCopy(type);
        var method = NewMethod(type, typeof(object), typeof(object));
        var il = method.GetILGenerator();
        var clone = il.DeclareLocal(typeof(object));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Call, CloneMethod);
        il.Emit(OpCodes.Stloc, clone);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldloc, clone);
        il.Emit(OpCodes.Call, RecordMethod);

        if (fields.Count > 0)
        {
            Action loadTarget;
            if (type.IsValueType)
            {
                loadTarget = () =>
                {
                    il.Emit(OpCodes.Ldloc, clone);
                    il.Emit(OpCodes.Unbox, type);
                };
            }
            else
            {
                var typed = il.DeclareLocal(type);
                il.Emit(OpCodes.Ldloc, clone);
                il.Emit(OpCodes.Castclass, type);
                il.Emit(OpCodes.Stloc, typed);
                loadTarget = () => il.Emit(OpCodes.Ldloc, typed);
            }

            EmitFieldCopies(il, fields, loadTarget);
        }

        il.Emit(OpCodes.Ldloc, clone);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<ObjectCopier>();
    }

    /// <summary>A copier for an unboxed struct: copy fields in the argument, which is already a copy, and return it.</summary>
    public static Func<T, CopyContext, T> CreateValueCopier<T>()
    {
        var fields = FieldsNeedingCopy(typeof(T));
        if (fields.Count == 0)
        {
            return static (value, _) => value;
        }

        var method = NewMethod(typeof(T), typeof(T), typeof(T));
        var il = method.GetILGenerator();
        EmitFieldCopies(il, fields, () => il.Emit(OpCodes.Ldarga_S, (byte)0));
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<T, CopyContext, T>>();
    }

    private static List<FieldInfo> FieldsNeedingCopy(Type type) =>
        [.. InstanceFields.Of(type).Where(field => !ShallowCopyAnalysis.Get(field.FieldType).IsCopiedByAssignment)];

    private static DynamicMethod NewMethod(Type type, Type returnType, Type valueType) => new(
        $"DeepCopy_{type.Name}", returnType, [valueType, typeof(CopyContext)], typeof(FieldCopierEmitter).Module, skipVisibility: true);

    /// <summary>For each field: target.field = copy(target.field), where the target is what <paramref name="loadTarget"/> pushes.</summary>
    private static void EmitFieldCopies(ILGenerator il, List<FieldInfo> fields, Action loadTarget)
    {
        foreach (var field in fields)
        {
            loadTarget();
            if (field.FieldType.IsValueType)
            {
                loadTarget();
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Call, typeof(ValueCopier<>).MakeGenericType(field.FieldType).GetMethod(nameof(ValueCopier<int>.Copy))!);
            }
            else
            {
                il.Emit(OpCodes.Ldarg_1);
                loadTarget();
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Call, CopyObjectMethod);
                il.Emit(OpCodes.Castclass, field.FieldType);
            }

            il.Emit(OpCodes.Stfld, field);
        }
    }
}

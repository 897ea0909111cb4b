using System.Reflection;

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>Copiers for arrays: one-dimensional (including jagged) through a typed loop, others element by element.</summary>
internal static class ArrayCopiers
{
    public static ObjectCopier Create(Type arrayType)
    {
        var elementType = arrayType.GetElementType()!;
        if (arrayType.IsSZArray)
        {
            return typeof(ArrayCopiers)
                .GetMethod(nameof(CopyVector), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(elementType)
                .CreateDelegate<ObjectCopier>();
        }

        var elementsNeedCopy = !ShallowCopyAnalysis.Get(elementType).IsCopiedByAssignment;
        return (original, context) => CopyMultiDimensional((Array)original, elementsNeedCopy, context);
    }

    private static object CopyVector<T>(object original, CopyContext context)
    {
        var source = (T[])original;
        var copy = new T[source.Length];
        context.Record(original, copy);
        if (TypeTraits<T>.IsCopiedByAssignment)
        {
            source.AsSpan().CopyTo(copy);
            return copy;
        }

        for (var i = 0; i < source.Length; i++)
        {
            copy[i] = context.Copy(source[i]);
        }

        return copy;
    }

    private static Array CopyMultiDimensional(Array source, bool elementsNeedCopy, CopyContext context)
    {
        var copy = (Array)source.Clone();
        context.Record(source, copy);
        if (!elementsNeedCopy || source.Length == 0)
        {
            return copy;
        }

        var rank = source.Rank;
        var index = new int[rank];
        for (var dimension = 0; dimension < rank; dimension++)
        {
            index[dimension] = source.GetLowerBound(dimension);
        }

        for (var n = 0; n < source.Length; n++)
        {
            copy.SetValue(context.CopyObject(source.GetValue(index)), index);
            for (var dimension = rank - 1; dimension >= 0; dimension--)
            {
                if (++index[dimension] <= source.GetUpperBound(dimension))
                {
                    break;
                }

                index[dimension] = source.GetLowerBound(dimension);
            }
        }

        return copy;
    }
}

namespace Orleans.DynamicDb.Runtime.Copying;

/// <summary>
/// Deep-copies one object whose runtime type is the type the copier was built for. It records the copy in
/// <paramref name="context"/> before copying what the object refers to, so cycles end at the copy.
/// </summary>
internal delegate object ObjectCopier(object original, CopyContext context);

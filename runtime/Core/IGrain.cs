namespace Orleans.DynamicDb.Runtime;

/// <summary>Anything that has a grain identity: grain references and grain instances.</summary>
public interface IAddressable
{
}

/// <summary>Marker for every grain interface.</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain whose key is a string.</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A grain whose key is a <see cref="Guid"/>.</summary>
public interface IGrainWithGuidKey : IGrain
{
}

/// <summary>A grain whose key is a 64-bit integer.</summary>
public interface IGrainWithIntegerKey : IGrain
{
}

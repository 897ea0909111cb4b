using System.Buffers;

namespace Orleans.DynamicDb.Runtime.Transport;

/// <summary>One parsed frame. <see cref="Body"/> (header fields and payload) points into the connection's input buffer
/// and is only valid until the reader advances.</summary>
internal readonly record struct Frame(byte Version, FrameKind Kind, long MessageId, ReadOnlySequence<byte> Body);

using System.Text.Json.Serialization;

namespace Orleans.DynamicDb.Cli.Profiles;

/// <summary>The source-generated JSON contract of the profile file.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SiloProfile))]
internal sealed partial class ProfileJson : JsonSerializerContext;

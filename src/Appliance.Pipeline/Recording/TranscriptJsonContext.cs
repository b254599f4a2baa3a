using System.Text.Json.Serialization;

namespace Appliance.Pipeline.Recording;

/// <summary>Source-generated JSON for transcripts (no reflection, Native AOT safe).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TranscriptDocument))]
internal sealed partial class TranscriptJsonContext : JsonSerializerContext;

using System.Text.Json;

namespace Appliance.Providers.Realtime.Gemini;

/// <summary>Turns a JSON schema into Gemini's OpenAPI-subset form: type names are the upper-case enum ("object" → "OBJECT").</summary>
internal static class GeminiSchema
{
    public static JsonElement Convert(JsonElement schema)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, schema);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (property.NameEquals("type") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        writer.WriteStringValue(property.Value.GetString()!.ToUpperInvariant());
                    }
                    else
                    {
                        Write(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}

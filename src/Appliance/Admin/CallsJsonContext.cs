using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Appliance.Admin;

/// <summary>Source-generated JSON for the call API (Native AOT: no reflection). snake_case, as in <c>caller_id</c>.</summary>
[JsonSerializable(typeof(CallRequest))]
[JsonSerializable(typeof(CallResource))]
[JsonSerializable(typeof(CallList))]
[JsonSerializable(typeof(ApiError))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class CallsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context the API writes with: relaxed escaping keeps "+15551234567" and "&lt;sip:…&gt;" readable instead of
    /// \u002B…, which is safe because the API serves application/json, never HTML.
    /// </summary>
    public static CallsJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

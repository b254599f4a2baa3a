using System.Text.Json;
using System.Text.Json.Serialization;
using Appliance.Calls;
using Appliance.Pipeline.Agents;

namespace Appliance.Admin;

/// <summary>
/// Writes a <see cref="CallResource"/> as the call API's JSON: snake_case names, enum values as stable lower-case
/// snake_case strings, the end side as "remote"/"local", the answered duration in seconds and the RTP counters.
/// Write-only: the API never reads a call back.
/// </summary>
internal sealed class CallResourceJsonConverter : JsonConverter<CallResource>
{
    public override CallResource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The call API only writes calls.");

    public override void Write(Utf8JsonWriter writer, CallResource value, JsonSerializerOptions options)
    {
        var status = value.Status;
        writer.WriteStartObject();
        writer.WriteString("id", status.Id);
        writer.WriteString("direction", status.Direction == CallDirection.Inbound ? "inbound" : "outbound"); // "inbound" or "outbound"
        writer.WriteString("state", Snake(status.State.ToString())); // "dialing", "ringing", "early", "answered" or "ended"
        writer.WriteString("from", status.From);
        writer.WriteString("to", status.To);
        WriteNullable(writer, "trunk", status.Trunk);
        WriteNullable(writer, "agent", status.Agent);
        writer.WriteString("created_at", status.CreatedAt);
        WriteNullable(writer, "answered_at", status.AnsweredAt);
        WriteNullable(writer, "ended_at", status.EndedAt);
        // Once ended: "answered", "busy", "no_answer", "rejected", "failed" or "cancelled".
        WriteNullable(writer, "outcome", status.Disposition is { } disposition ? Snake(disposition.ToString()) : null);
        WriteNullable(writer, "sip_status", status.SipStatus);
        WriteNullable(writer, "sip_reason", status.SipReason);
        // Once ended: e.g. "remote_hangup", "local_hangup", "agent_hangup", "media_timeout", "transferred", "no_answer".
        WriteNullable(writer, "end_reason", status.EndReason is { } reason ? Snake(reason.ToString()) : null);
        WriteNullable(writer, "ended_by", status.EndedByRemote is { } remote ? remote ? "remote" : "local" : null);
        WriteNullable(writer, "detail", status.Detail);
        WriteNullable(writer, "codec", status.Codec);
        // Seconds since answer (until the end once ended); null while unanswered.
        WriteNullable(writer, "duration_seconds",
            status.AnsweredAt is { } answered ? Math.Round(((status.EndedAt ?? value.Now) - answered).TotalSeconds, 3) : null);
        if (status.Media is { } media)
        {
            writer.WriteStartObject("rtp");
            writer.WriteNumber("packets_sent", media.PacketsSent);
            writer.WriteNumber("bytes_sent", media.BytesSent);
            writer.WriteNumber("packets_received", media.PacketsReceived);
            writer.WriteNumber("bytes_received", media.BytesReceived);
            writer.WriteNumber("packets_lost", media.PacketsLost);
            writer.WriteNumber("jitter_ms", Math.Round(media.Jitter.TotalMilliseconds, 2));
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("rtp");
        }
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null) writer.WriteNull(name);
        else writer.WriteString(name, value);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v) writer.WriteString(name, v);
        else writer.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    /// <summary>PascalCase enum name → snake_case ("NoAnswer" → "no_answer").</summary>
    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

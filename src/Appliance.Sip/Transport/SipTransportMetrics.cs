using System.Diagnostics.Metrics;
using Appliance.Sip.Message;

namespace Appliance.Sip.Transport;

/// <summary>Transport counters on the "Appliance.Sip" meter: malformed messages per reason and messages received per transport.</summary>
public sealed class SipTransportMetrics : IDisposable
{
    public const string MeterName = "Appliance.Sip";

    // Tag values are precomputed so counting a malformed packet does not format an enum.
    private static readonly string[] ReasonNames = BuildReasonNames();

    private readonly Meter _meter;
    private readonly Counter<long> _parseErrors;
    private readonly Counter<long> _received;

    /// <summary>Uses <paramref name="meterFactory"/> when given (DI-managed meters), else a standalone meter.</summary>
    public SipTransportMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _parseErrors = _meter.CreateCounter<long>("appliance.sip.parse_errors", description: "Malformed SIP messages received, by reason.");
        _received = _meter.CreateCounter<long>("appliance.sip.messages_received", description: "Well-formed SIP messages received, by transport.");
    }

    public void ParseError(SipParseError reason, SipTransportKind transport) =>
        _parseErrors.Add(1, new KeyValuePair<string, object?>("reason", ReasonNames[(int)reason]), Transport(transport));

    public void Received(SipTransportKind transport) => _received.Add(1, Transport(transport));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Transport(SipTransportKind kind) =>
        new("transport", kind switch { SipTransportKind.Udp => "udp", SipTransportKind.Tcp => "tcp", _ => "tls" });

    private static string[] BuildReasonNames()
    {
        SipParseError[] values = Enum.GetValues<SipParseError>();
        var names = new string[values.Length];
        foreach (SipParseError value in values)
        {
            names[(int)value] = value.ToString();
        }

        return names;
    }
}

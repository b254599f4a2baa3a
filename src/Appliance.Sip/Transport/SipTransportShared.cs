using Appliance.Sip.Message;
using Microsoft.Extensions.Logging;

namespace Appliance.Sip.Transport;

/// <summary>What every transport of a hub shares: the handler, limits, metrics, logger, clock and the stateless error To-tag.</summary>
internal sealed class SipTransportShared(
    ISipMessageHandler handler,
    SipTransportOptions options,
    SipTransportMetrics metrics,
    ILogger logger,
    TimeProvider timeProvider)
{
    public ISipMessageHandler Handler { get; } = handler;

    public SipTransportOptions Options { get; } = options;

    public SipParserLimits Limits { get; } = options.ParserLimits;

    public SipTransportMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;

    public TimeProvider Time { get; } = timeProvider;

    /// <summary>To-tag for stateless error responses: fixed per process, since no dialog ever follows them.</summary>
    public byte[] ErrorToTag { get; } = System.Text.Encoding.ASCII.GetBytes("err" + Random.Shared.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
}

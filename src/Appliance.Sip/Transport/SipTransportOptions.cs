using Appliance.Sip.Message;

namespace Appliance.Sip.Transport;

/// <summary>Listeners and tuning of a <see cref="SipTransportHub"/>.</summary>
public sealed class SipTransportOptions
{
    /// <summary>Addresses to listen on; port 0 binds a free port (see <see cref="ISipTransport.LocalEndPoint"/>).</summary>
    public IList<SipListenerOptions> Listeners { get; } = [];

    public SipParserLimits ParserLimits { get; set; } = SipParserLimits.Default;

    /// <summary>A TCP connection with no traffic in either direction for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often idle connections are looked for (default: a quarter of the idle timeout).</summary>
    public TimeSpan? TcpIdleSweepInterval { get; set; }

    /// <summary>Upper bound on simultaneous TCP connections (accepted plus outbound).</summary>
    public int MaxTcpConnections { get; set; } = 1024;
}

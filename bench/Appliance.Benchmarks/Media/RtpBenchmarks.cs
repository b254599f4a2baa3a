using Appliance.Media.Dtmf;
using Appliance.Media.Rtp;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks.Media;

/// <summary>RTP header parse/serialize of a 172-byte PCMU packet, and a telephone-event payload parse.</summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private readonly byte[] _packet = new byte[172];
    private readonly byte[] _payload = new byte[160];
    private readonly byte[] _event = [0x05, 0x8A, 0x03, 0x20];
    private RtpHeader _header = new(0, 1000, 160000, 0x1A2B3C4D, Marker: true);

    [GlobalSetup]
    public void Setup() => _header.TryWrite(_payload, _packet, out _);

    [Benchmark]
    public int Parse() => RtpPacket.TryParse(_packet, out RtpPacket packet) ? packet.SequenceNumber + packet.Payload.Length : 0;

    [Benchmark]
    public int Serialize() => _header.TryWrite(_payload, _packet, out int written) ? written : 0;

    [Benchmark]
    public int ParseTelephoneEvent() => TelephoneEvent.TryRead(_event, out TelephoneEvent e) ? e.Duration : 0;
}

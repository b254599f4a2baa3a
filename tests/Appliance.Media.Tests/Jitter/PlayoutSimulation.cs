using System.Text;
using Appliance.Media.Jitter;

namespace Appliance.Media.Tests.Jitter;

/// <summary>
/// A virtual time line for a jitter buffer: packets arrive at given instants, pops happen every 20 ms from time 0, and
/// arrivals at the same instant as a pop are pushed first. Each pop is written as "F&lt;seq&gt;", "C" (conceal) or "E" (empty).
/// </summary>
internal sealed class PlayoutSimulation
{
    public const int FrameMs = 20;

    private readonly List<(double At, uint Ssrc, ushort Sequence, uint Timestamp, bool Marker)> _packets = [];

    public List<JitterPushResult> PushResults { get; } = [];

    public JitterBufferStatistics Statistics { get; private set; }

    /// <summary>A packet carrying frame <paramref name="sequence"/> whose timestamp follows the sequence number.</summary>
    public PlayoutSimulation Packet(double at, ushort sequence, bool marker = false, uint ssrc = 1, uint? timestamp = null)
    {
        _packets.Add((at, ssrc, sequence, timestamp ?? (uint)(sequence * 160), marker));
        return this;
    }

    /// <summary>Packets first..last sent every 20 ms starting at <paramref name="start"/>.</summary>
    public PlayoutSimulation Steady(double start, int first, int last, double periodMs = FrameMs)
    {
        for (int sequence = first; sequence <= last; sequence++)
        {
            Packet(start + ((sequence - first) * periodMs), (ushort)sequence);
        }

        return this;
    }

    public string Run(int pops, JitterBufferOptions? options = null)
    {
        using var buffer = new JitterBuffer(options ?? new JitterBufferOptions { AdaptationWindow = 1000 });
        var ordered = _packets.Select((p, i) => (p, i)).OrderBy(x => x.p.At).ThenBy(x => x.i).Select(x => x.p).ToList();
        var destination = new byte[640];
        var log = new StringBuilder();
        int next = 0;
        for (int pop = 0; pop < pops; pop++)
        {
            double now = pop * FrameMs;
            while (next < ordered.Count && ordered[next].At <= now)
            {
                var p = ordered[next++];
                byte[] payload = [(byte)p.Sequence, (byte)(p.Sequence >> 8)];
                PushResults.Add(buffer.Push(TimeSpan.FromMilliseconds(p.At), p.Ssrc, p.Sequence, p.Timestamp, p.Marker, payload));
            }

            JitterFrame frame = buffer.Pop(TimeSpan.FromMilliseconds(now), destination);
            if (log.Length > 0)
            {
                log.Append(' ');
            }

            log.Append(frame.Kind switch
            {
                JitterFrameKind.Frame => "F" + (destination[0] | (destination[1] << 8)),
                JitterFrameKind.Conceal => "C",
                _ => "E",
            });
            if (frame.Kind == JitterFrameKind.Frame)
            {
                Assert.Equal(2, frame.Length);
                Assert.Equal(frame.SequenceNumber, destination[0] | (destination[1] << 8));
            }
        }

        Statistics = buffer.Statistics;
        return log.ToString();
    }
}

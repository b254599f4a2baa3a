using Appliance.Media.Jitter;
using Xunit.Abstractions;

namespace Appliance.Media.Tests.Jitter;

public class JitterBufferTests(ITestOutputHelper output)
{
    private static string Frames(int first, int last) =>
        string.Join(' ', Enumerable.Range(first, last - first + 1).Select(i => "F" + (i & 0xFFFF)));

    [Fact]
    public void Steady_stream_primes_for_the_initial_delay_then_plays_in_order()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 20);

        string played = simulation.Run(12);

        Assert.Equal("E E E " + Frames(0, 8), played);
        Assert.Equal(9, simulation.Statistics.Played);
        Assert.Equal(0, simulation.Statistics.Concealed);
        Assert.Equal(3, simulation.Statistics.Depth);
    }

    [Fact]
    public void Nothing_before_the_first_packet()
    {
        Assert.Equal("E E E E E F0", new PlayoutSimulation().Steady(40, 0, 5).Run(6));
    }

    [Fact]
    public void Lost_packet_is_concealed_in_its_slot()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 2).Steady(60, 4, 10);

        Assert.Equal("E E E F0 F1 F2 C F4 F5 F6", simulation.Run(10));
        Assert.Equal(1, simulation.Statistics.Lost);
    }

    [Fact]
    public void Reordered_packets_play_in_sequence_order()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 2).Packet(60, 4).Packet(61, 3).Steady(80, 5, 10);

        Assert.Equal("E E E F0 F1 F2 F3 F4 F5 F6", simulation.Run(10));
        Assert.All(simulation.PushResults, result => Assert.Equal(JitterPushResult.Accepted, result));
    }

    [Fact]
    public void Duplicates_are_dropped()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 10).Packet(45, 2).Packet(50, 2);

        Assert.Equal("E E E F0 F1 F2 F3 F4", simulation.Run(8));
        Assert.Equal(2, simulation.Statistics.Duplicates);
        Assert.Equal(2, simulation.PushResults.Count(r => r == JitterPushResult.Duplicate));
    }

    [Fact]
    public void Late_packet_is_concealed_then_refused()
    {
        // Frame 4 is due at 140 ms but arrives at 150 ms.
        var simulation = new PlayoutSimulation().Steady(0, 0, 3).Packet(150, 4).Steady(100, 5, 10);

        Assert.Equal("E E E F0 F1 F2 F3 C F5 F6", simulation.Run(10));
        Assert.Equal(JitterPushResult.Late, simulation.PushResults[7]);
        Assert.Equal((1, 1), (simulation.Statistics.Late, simulation.Statistics.Lost));
    }

    [Fact]
    public void Burst_after_a_stall_underruns_then_plays_everything_in_order()
    {
        // Frames 3..9 are held up by the network and all arrive at 200 ms.
        var simulation = new PlayoutSimulation().Steady(0, 0, 2);
        for (int sequence = 3; sequence <= 9; sequence++)
        {
            simulation.Packet(200, (ushort)sequence);
        }

        simulation.Steady(200, 10, 20);

        Assert.Equal("E E E F0 F1 F2 E E E E " + Frames(3, 11), simulation.Run(19));
        Assert.Equal(4, simulation.Statistics.Underruns);
        Assert.Equal(0, simulation.Statistics.Concealed);
    }

    [Fact]
    public void Sequence_numbers_wrap_at_65535()
    {
        var simulation = new PlayoutSimulation();
        for (int i = 0; i < 12; i++)
        {
            simulation.Packet(i * 20, (ushort)(65530 + i), timestamp: (uint)(i * 160));
        }

        Assert.Equal("E E E F65530 F65531 F65532 F65533 F65534 F65535 F0 F1 F2", simulation.Run(12));
        Assert.Equal(0, simulation.Statistics.Resyncs);
    }

    [Fact]
    public void Ssrc_change_resynchronizes_and_primes_again()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 5);
        for (int i = 0; i < 8; i++)
        {
            simulation.Packet(120 + (i * 20), (ushort)(5000 + i), ssrc: 2);
        }

        // The new source's first packet arrives at 120 ms and is primed for the 60 ms initial delay.
        Assert.Equal("E E E F0 F1 F2 E E E F5000 F5001", simulation.Run(11));
        Assert.Equal(JitterPushResult.Resynchronized, simulation.PushResults[6]);
        Assert.Equal(1, simulation.Statistics.Resyncs);
    }

    [Fact]
    public void Large_sequence_jump_resynchronizes()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 5).Steady(120, 30000, 30010);

        Assert.Equal("E E E F0 F1 F2 E E E F30000 F30001", simulation.Run(11));
        Assert.Equal(1, simulation.Statistics.Resyncs);
    }

    [Fact]
    public void Talkspurt_after_silence_reprimes_to_the_target_delay()
    {
        // Silence suppression: seq stays contiguous, the timestamp jumps by the 400 ms of silence, marker set.
        var simulation = new PlayoutSimulation().Steady(0, 0, 4);
        for (int i = 0; i < 6; i++)
        {
            simulation.Packet(500 + (i * 20), (ushort)(5 + i), marker: i == 0, timestamp: (uint)((5 + i + 20) * 160));
        }

        string played = simulation.Run(34);

        // Frames 0..4 play, 17 underruns through the silence, then the talkspurt (500 ms) is primed for 60 ms again.
        Assert.Equal("E E E F0 F1 F2 F3 F4 " + string.Join(' ', Enumerable.Repeat("E", 20)) + " F5 F6 F7 F8 F9 F10", played);
        Assert.Equal(0, simulation.Statistics.Concealed);
        Assert.Equal(17, simulation.Statistics.Underruns);
    }

    [Fact]
    public void Timestamp_jump_without_marker_mid_stream_resynchronizes()
    {
        var simulation = new PlayoutSimulation().Steady(0, 0, 5).Packet(120, 6, timestamp: 1_000_000).Steady(140, 7, 12);

        simulation.Run(8);

        Assert.Equal(JitterPushResult.Resynchronized, simulation.PushResults[6]);
    }

    [Fact]
    public void Oversized_payload_is_refused()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions { MaxPayloadSize = 160 });

        Assert.Equal(JitterPushResult.TooLarge, buffer.Push(TimeSpan.Zero, 1, 0, 0, false, new byte[161]));
        Assert.Equal(JitterFrameKind.Empty, buffer.Pop(TimeSpan.FromSeconds(1), new byte[160]).Kind);
    }

    [Fact]
    public void Fast_sender_clock_is_absorbed_by_dropping_frames()
    {
        // +1 %: a frame every 19.8 ms; over 20 s the sender gets 20 frames ahead.
        var simulation = new PlayoutSimulation().Steady(0, 0, 1100, 19.8);

        string played = simulation.Run(1000, new JitterBufferOptions());

        output.WriteLine($"+1%: {simulation.Statistics.Dropped} dropped, depth {simulation.Statistics.Depth}, target {simulation.Statistics.TargetDelay.TotalMilliseconds} ms");
        Assert.Equal(0, simulation.Statistics.Lost);
        Assert.Equal(0, simulation.Statistics.Underruns);
        Assert.InRange(simulation.Statistics.Dropped, 10, 25);
        Assert.InRange(simulation.Statistics.Depth, 1, 3);
        AssertAscending(played);
    }

    [Fact]
    public void Slow_sender_clock_is_absorbed_by_concealing_extra_frames()
    {
        // -1 %: a frame every 20.2 ms; over 20 s the sender falls 10 frames behind.
        var simulation = new PlayoutSimulation().Steady(0, 0, 1000, 20.2);

        string played = simulation.Run(1000, new JitterBufferOptions());

        JitterBufferStatistics statistics = simulation.Statistics;
        output.WriteLine($"-1%: {statistics.Inserted} inserted, {statistics.Underruns} underruns, {statistics.Dropped} dropped, depth {statistics.Depth}");
        Assert.Equal(0, statistics.Lost);
        Assert.InRange(statistics.Inserted + statistics.Underruns - statistics.Dropped, 8, 14);
        Assert.InRange(statistics.Depth, 0, 3);
        AssertAscending(played);
    }

    [Fact]
    public void Rising_jitter_raises_the_target_and_the_buffer_grows_to_it()
    {
        // Every other packet is 30 ms late: J converges near 30 ms, so the target becomes 1 + ceil(3·30/20) = 6 frames.
        var simulation = new PlayoutSimulation();
        for (int i = 0; i < 600; i++)
        {
            simulation.Packet((i * 20) + (i % 2 == 1 ? 30 : 0), (ushort)i);
        }

        string played = simulation.Run(600, new JitterBufferOptions());

        JitterBufferStatistics statistics = simulation.Statistics;
        output.WriteLine($"jitter {statistics.Jitter.TotalMilliseconds:F1} ms, target {statistics.TargetDelay.TotalMilliseconds} ms, inserted {statistics.Inserted}, lost {statistics.Lost}");
        Assert.InRange(statistics.Jitter.TotalMilliseconds, 25, 30);
        Assert.Equal(TimeSpan.FromMilliseconds(120), statistics.TargetDelay);
        Assert.Equal(0, statistics.Lost);
        Assert.Equal(0, statistics.Late);
        Assert.InRange(statistics.Inserted, 2, 6);
        Assert.InRange(statistics.Depth, 5, 8);
        AssertAscending(played);
    }

    [Fact]
    public void Depth_above_the_maximum_is_trimmed_at_once()
    {
        var simulation = new PlayoutSimulation();
        for (int i = 0; i < 20; i++)
        {
            simulation.Packet(0, (ushort)i);
        }

        Assert.Equal("E E E F10 F11", simulation.Run(5, new JitterBufferOptions { AdaptationWindow = 1000 }));
        Assert.Equal(10, simulation.Statistics.Dropped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_network_never_plays_a_frame_twice_or_out_of_order(int seed)
    {
        // 10 % loss, 5 % duplicates, up to 80 ms of random extra delay (which also reorders).
        var random = new Random(seed);
        var simulation = new PlayoutSimulation();
        for (int sequence = 0; sequence < 1500; sequence++)
        {
            if (random.NextDouble() < 0.1)
            {
                continue;
            }

            double at = (sequence * 20) + (random.NextDouble() * 80);
            simulation.Packet(at, (ushort)sequence);
            if (random.NextDouble() < 0.05)
            {
                simulation.Packet(at + (random.NextDouble() * 40), (ushort)sequence);
            }
        }

        string played = simulation.Run(1500, new JitterBufferOptions());

        JitterBufferStatistics statistics = simulation.Statistics;
        output.WriteLine($"seed {seed}: played {statistics.Played}, lost {statistics.Lost}, late {statistics.Late}, dropped {statistics.Dropped}, inserted {statistics.Inserted}, target {statistics.TargetDelay.TotalMilliseconds} ms");
        AssertAscending(played);
        Assert.Equal(statistics.Played, played.Split(' ').Count(token => token[0] == 'F'));
        Assert.Equal(statistics.Concealed, played.Split(' ').Count(token => token == "C"));
        Assert.True(statistics.Duplicates > 0);
        Assert.Equal(0, statistics.Resyncs);
    }

    [Fact]
    public void Push_and_pop_allocate_nothing_after_warm_up()
    {
        using var buffer = new JitterBuffer(new JitterBufferOptions());
        var stream = new LossyStream(buffer);

        // Warm up in separate calls so tiered compilation settles before the measured call.
        for (int i = 0; i < 20; i++)
        {
            stream.Run(200);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        stream.Run(5000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(buffer.Statistics.Lost > 0 && buffer.Statistics.Duplicates > 0);
    }

    private static void AssertAscending(string played)
    {
        int previous = -1;
        foreach (string token in played.Split(' '))
        {
            if (token[0] == 'F')
            {
                int sequence = int.Parse(token.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(sequence > previous, $"{sequence} after {previous}");
                previous = sequence;
            }
        }
    }

    /// <summary>A 20 ms stream with periodic loss and duplicates, so every push/pop path runs.</summary>
    private sealed class LossyStream(JitterBuffer buffer)
    {
        private readonly byte[] _payload = new byte[160];
        private readonly byte[] _destination = new byte[640];
        private ushort _sequence;
        private uint _timestamp;
        private TimeSpan _now;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public void Run(int steps)
        {
            for (int i = 0; i < steps; i++)
            {
                if (_sequence % 97 != 5)
                {
                    buffer.Push(_now, 7, _sequence, _timestamp, false, _payload);
                }

                if (_sequence % 89 == 3)
                {
                    buffer.Push(_now, 7, _sequence, _timestamp, false, _payload);
                }

                buffer.Pop(_now, _destination);
                _sequence++;
                _timestamp += 160;
                _now += TimeSpan.FromMilliseconds(20);
            }
        }
    }
}

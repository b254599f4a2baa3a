using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

public class EchoLoopbackTests
{
    [Fact]
    public void Returns_what_came_in_in_order_across_the_ring_wrap()
    {
        using var echo = new EchoLoopback(capacitySamples: 16);
        var output = new short[6];
        short next = 0;
        short expected = 0;

        for (int round = 0; round < 20; round++)
        {
            short[] input = [next++, next++, next++, next++, next++, next++];
            echo.OnInboundAudio(input);
            Assert.Equal(6, echo.ReadOutbound(output));
            foreach (short sample in output)
            {
                Assert.Equal(expected++, sample);
            }
        }
    }

    [Fact]
    public void Overflow_keeps_the_newest_samples_and_an_empty_ring_reads_as_silence()
    {
        using var echo = new EchoLoopback(capacitySamples: 16);
        int capacity = 16;
        var output = new short[64];
        short[] input = [.. Enumerable.Range(0, 40).Select(i => (short)i)];

        echo.OnInboundAudio(input);
        int read = echo.ReadOutbound(output);

        Assert.True(read >= capacity);
        Assert.Equal(input[^read..], output[..read]);
        Assert.Equal(0, echo.ReadOutbound(output));
    }

    [Fact]
    public void Disposed_echo_is_silent_and_ignores_input()
    {
        var echo = new EchoLoopback(capacitySamples: 16);
        echo.Dispose();

        echo.OnInboundAudio([1, 2, 3]);

        Assert.Equal(0, echo.ReadOutbound(new short[4]));
        Assert.Equal(0, echo.Buffered);
    }
}

using Appliance.Sip.Message;

namespace Appliance.Sip.Tests.Message;

public class SipPooledBufferWriterTests
{
    [Fact]
    public void Grows_past_its_initial_capacity_and_keeps_what_was_written()
    {
        using var writer = new SipPooledBufferWriter(16);
        byte[] chunk = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];
        writer.Write(chunk);
        writer.Write(chunk);

        Assert.Equal(200, writer.WrittenCount);
        Assert.Equal(chunk, writer.WrittenSpan[100..].ToArray());
        Assert.Equal(writer.WrittenSpan.ToArray(), writer.Memory.ToArray());

        writer.Clear();
        Assert.Equal(0, writer.WrittenCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    [Fact]
    public void Dispose_releases_the_buffer()
    {
        var writer = new SipPooledBufferWriter(16);
        writer.Write("abc"u8);
        writer.Dispose();
        Assert.Equal(0, writer.WrittenCount);
        writer.Dispose();
    }
}

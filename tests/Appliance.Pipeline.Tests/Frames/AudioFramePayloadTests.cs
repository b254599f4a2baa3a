using Appliance.Media.Codecs;
using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Tests.Frames;

public class AudioFramePayloadTests
{
    [Fact]
    public void Rent_with_a_payload_copies_the_bytes_beside_the_samples()
    {
        var pool = new AudioFramePool(frameCapacity: 4);

        AudioFrame frame = pool.Rent(8000, [1, 2, 3], PayloadCodec.Pcmu, [0x7F, 0xFF, 0x00]);

        Assert.Equal([1, 2, 3], frame.Samples.ToArray());
        Assert.Equal(PayloadCodec.Pcmu, frame.PayloadCodec);
        Assert.Equal([0x7F, 0xFF, 0x00], frame.Payload.ToArray());
        frame.Release();
    }

    [Fact]
    public void A_recycled_frame_carries_no_payload_until_given_one_again()
    {
        var pool = new AudioFramePool(frameCapacity: 4);
        AudioFrame first = pool.Rent(8000, [1, 2], PayloadCodec.Pcma, [0xD5, 0x55]);
        first.Release();

        AudioFrame second = pool.Rent(8000, [3, 4, 5]);

        Assert.Same(first, second);
        Assert.Equal(PayloadCodec.None, second.PayloadCodec);
        Assert.True(second.Payload.IsEmpty);
        second.Release();

        AudioFrame third = pool.Rent(8000, [6], PayloadCodec.Pcmu, [0x12]);
        Assert.Same(first, third);
        Assert.Equal([0x12], third.Payload.ToArray());
        third.Release();
    }

    [Fact]
    public void Payload_is_ignored_without_a_codec_and_must_match_the_samples_with_one()
    {
        var pool = new AudioFramePool(frameCapacity: 4);

        AudioFrame plain = pool.Rent(8000, [1, 2], PayloadCodec.None, [9]);
        Assert.Equal(PayloadCodec.None, plain.PayloadCodec);
        Assert.True(plain.Payload.IsEmpty);
        plain.Release();

        Assert.Throws<ArgumentException>(() => pool.Rent(8000, [1, 2], PayloadCodec.Pcmu, [9]));
        Assert.Equal(1, pool.Created);
#if DEBUG
        Assert.Equal(0, pool.Outstanding);
#endif
    }
}

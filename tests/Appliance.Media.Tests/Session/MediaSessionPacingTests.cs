using Appliance.Media.Codecs;
using Appliance.Media.Pacing;
using Appliance.Media.Session;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Media.Tests.Session;

public class MediaSessionPacingTests
{
    [Fact]
    public void Started_session_is_ticked_by_the_shared_pacer_every_20_ms_until_stopped()
    {
        var time = new FakeTimeProvider();
        var pacer = new MediaPacer(time);
        var factory = new MediaSessionFactory(CodecRegistry.CreateDefault(), new MediaSessionOptions(), time, pacer);
        using var peer = new RawPeer();
        using MediaSession session = factory.Create(SessionHarness.Media(peer.EndPoint), SessionHarness.Allocate());
        session.Connect(null, new ToneSource());

        session.Start(receiveLoops: false);
        Assert.Equal(1, pacer.Count);
        for (int i = 0; i < 200; i++) // one second in 5 ms pacer wake-ups
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            pacer.ProcessDue();
        }

        Assert.InRange(peer.ReceiveAll().Count(p => p[1] is < 192 or > 223), 50, 51); // ticks at 0, 20, ..., 1000 ms
        session.Stop();
        Assert.Equal(0, pacer.Count);
        Assert.Equal(0, pacer.Faults);
    }
}

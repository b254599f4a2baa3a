using Appliance.Media.Session;

namespace Appliance.Media.Tests.Session;

/// <summary>Records the session's callbacks.</summary>
internal sealed class RecordingObserver : IMediaSessionObserver
{
    public int Timeouts { get; private set; }

    public List<char> Digits { get; } = [];

    public List<(uint Previous, uint New)> SsrcChanges { get; } = [];

    public void OnMediaTimeout(MediaSession session) => Timeouts++;

    public void OnDtmfDigit(MediaSession session, char digit) => Digits.Add(digit);

    public void OnSsrcChanged(MediaSession session, uint previousSsrc, uint newSsrc) => SsrcChanges.Add((previousSsrc, newSsrc));
}

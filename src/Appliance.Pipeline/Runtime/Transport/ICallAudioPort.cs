using Appliance.Media.Session;

namespace Appliance.Pipeline.Runtime.Transport;

/// <summary>The seam between the media engine and a call's pipeline: PCM in, PCM out, at the pipeline's rate.</summary>
/// <remarks>
/// It is the media session's audio sink and source, so a session plugs straight into it. Media resamples to and
/// from <see cref="SampleRate"/>; on a G.711 call at 8 kHz the payload bytes travel beside the PCM both ways
/// (<see cref="Frames.AudioFrame.Payload"/>). Every member is thread-safe, non-blocking and allocation-free in steady state,
/// for the RTP receive loop and the 20 ms pacer. <see cref="IMediaAudioSource.ReadOutbound"/> is the playout clock:
/// bot-speaking state and the played-sample count follow what it actually returned.
/// </remarks>
public interface ICallAudioPort : IMediaAudioSink, IMediaAudioSource
{
    /// <summary>Sample rate of the PCM exchanged through the port (mono, 16-bit).</summary>
    int SampleRate { get; }

    /// <summary>Reports a DTMF key the caller pressed.</summary>
    void WriteDtmf(char digit);
}

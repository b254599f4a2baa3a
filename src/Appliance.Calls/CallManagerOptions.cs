using System.Net;
using Appliance.Media.Sdp;

namespace Appliance.Calls;

public sealed record CallManagerOptions
{
    /// <summary>Codecs offered/accepted, most preferred first.</summary>
    public required IReadOnlyList<SdpCodec> Codecs { get; init; }

    public int PtimeMs { get; init; } = 20;

    /// <summary>Address written into SDP (the advertised address behind NAT); null picks the local address facing each caller.</summary>
    public IPAddress? AdvertisedMediaAddress { get; init; }

    /// <summary>Sample rate of the PCM the pipeline works in.</summary>
    public int PipelineSampleRate { get; init; } = 16000;

    /// <summary>How long a refused caller is asked to wait before retrying (503 Retry-After).</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An outbound call not answered within this long is cancelled (outcome no-answer).</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many ended calls stay readable through the call API.</summary>
    public int HistoryLimit { get; init; } = 1000;
}

namespace Appliance.Media.Jitter;

/// <summary>What <see cref="JitterBuffer.Push"/> did with a packet.</summary>
public enum JitterPushResult
{
    Accepted,
    /// <summary>Accepted after flushing: new SSRC, or a sequence/timestamp jump too big to be reordering.</summary>
    Resynchronized,
    /// <summary>Already buffered; dropped.</summary>
    Duplicate,
    /// <summary>Its playout time has passed; dropped.</summary>
    Late,
    /// <summary>Payload larger than <see cref="JitterBufferOptions.MaxPayloadSize"/>; dropped.</summary>
    TooLarge,
}

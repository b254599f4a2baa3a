using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Agents;

/// <summary>The "echo" agent: caller audio goes straight back out, the same pooled frames handed on with no copy.</summary>
/// <remarks>The runtime's default pass-through is exactly a loopback once the agent sits between the two transports.</remarks>
public sealed class EchoAgent : FrameProcessor
{
    /// <summary>Creates the agent.</summary>
    public EchoAgent()
        : base("echo")
    {
    }
}

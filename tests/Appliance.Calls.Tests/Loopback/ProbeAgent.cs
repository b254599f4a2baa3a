using Appliance.Pipeline.Agents;
using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Calls.Tests.Loopback;

/// <summary>An echo agent that lets a test see what its call gave it: the context (call info, actions, end) and DTMF keys.</summary>
internal sealed class ProbeAgent
{
    private readonly TaskCompletionSource<AgentContext> _context = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly List<char> _digits = [];

    public ProbeAgent(bool runsAtCodecRate = false) =>
        Definition = new AgentDefinition("probe", UsesTurnTaking: false, context =>
        {
            _context.TrySetResult(context);
            return [new DigitTap(this)];
        })
        { RunsAtCodecRate = runsAtCodecRate };

    public AgentDefinition Definition { get; }

    /// <summary>The first call's context, once its pipeline is built.</summary>
    public Task<AgentContext> Context => _context.Task;

    public string Digits
    {
        get
        {
            lock (_lock)
            {
                return new string([.. _digits]);
            }
        }
    }

    /// <summary>Passes every frame on (an echo) and notes the DTMF keys going by.</summary>
    private sealed class DigitTap(ProbeAgent probe) : FrameProcessor("digit-tap")
    {
        protected override void ProcessFrame(Frame frame, FrameDirection direction)
        {
            if (frame is DtmfFrame dtmf)
            {
                lock (probe._lock)
                {
                    probe._digits.Add(dtmf.Digit);
                }
            }
            PushFrame(frame, direction);
        }
    }
}

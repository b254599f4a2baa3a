using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Throws on a text frame saying "boom", passes everything else.</summary>
internal sealed class ThrowingProcessor() : FrameProcessor("thrower")
{
    protected override void ProcessFrame(Frame frame, FrameDirection direction)
    {
        if (frame is TextFrame { Text: "boom" })
        {
            throw new InvalidOperationException("boom");
        }

        PushFrame(frame, direction);
    }
}

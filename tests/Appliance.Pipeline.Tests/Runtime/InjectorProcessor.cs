using Appliance.Pipeline.Frames;
using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>Passes frames on and lets a test push frames from its position, in either direction.</summary>
internal sealed class InjectorProcessor(string name = "injector") : FrameProcessor(name)
{
    public void Inject(Frame frame, FrameDirection direction) => PushFrame(frame, direction);
}

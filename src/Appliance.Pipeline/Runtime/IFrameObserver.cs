using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime;

/// <summary>Sees every frame a processor pushes (tests, tracing); called on the pushing thread, so keep it quick and thread-safe.</summary>
/// <remarks>With no observer attached the runtime pays one null check per push.</remarks>
public interface IFrameObserver
{
    /// <summary>Called just before <paramref name="frame"/> is handed on; the observer must not keep or release it.</summary>
    void OnFramePushed(FrameProcessor source, Frame frame, FrameDirection direction);
}

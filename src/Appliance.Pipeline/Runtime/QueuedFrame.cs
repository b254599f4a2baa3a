using Appliance.Pipeline.Frames;

namespace Appliance.Pipeline.Runtime;

/// <summary>A frame waiting in a processor's input queue, with the way it is travelling.</summary>
internal readonly record struct QueuedFrame(Frame Frame, FrameDirection Direction);

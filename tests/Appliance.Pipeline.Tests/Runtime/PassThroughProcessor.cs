using Appliance.Pipeline.Runtime;

namespace Appliance.Pipeline.Tests.Runtime;

/// <summary>The runtime's default behaviour: every frame on, untouched.</summary>
internal sealed class PassThroughProcessor(string name) : FrameProcessor(name);
